"""Webhooks (/admin/webhooks): each source's receiver and how its deliveries went; the latest
deliveries, a failed one sent again with one press."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from layouts import admin, ids
from layouts.text import t

REFRESH_MS = 15_000  # the log is read again this often while the page is open
ALL_SOURCES = "all"  # the source filter's value for every source
STATUSES = ("all", "failing", "delivered")  # the status filter's values, as the store reads


def source_options(rows: Sequence[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    """The source filter's choices: every source, then each source with a webhook."""
    return [{"label": t("hooks_all_sources", lang), "value": ALL_SOURCES},
            *({"label": row["source"], "value": row["code"]} for row in rows)]


def layout(lang: str = "zh") -> html.Div:
    """The page's frame; its tables arrive through a callback."""
    return admin.frame("/admin/webhooks", lang, [
        dcc.Store(id=ids.HOOKS_LANG, data=lang),
        dcc.Store(id=ids.HOOKS_CHANGED, data=0),
        dcc.Interval(id=ids.HOOKS_TICK, interval=REFRESH_MS),
        html.Section(className="admin-section", children=[
            html.H2(t("hooks_title", lang)),
            html.Div(id=ids.HOOKS_RECEIVERS),
        ]),
        html.Section(className="admin-section", children=[
            html.H2(t("hooks_deliveries", lang)),
            html.Div(className="admin-form", children=[
                dcc.Dropdown(id=ids.HOOKS_SOURCE, value=ALL_SOURCES, clearable=False,
                             className="admin-choice",
                             options=[{"label": t("hooks_all_sources", lang),
                                       "value": ALL_SOURCES}]),
                dcc.Dropdown(id=ids.HOOKS_STATUS, value="all", clearable=False,
                             searchable=False, className="admin-choice",
                             options=[{"label": t(f"hooks_filter_{status}", lang),
                                       "value": status} for status in STATUSES]),
            ]),
            html.Div(id=ids.HOOKS_MESSAGE, className="admin-message"),
            html.Div(id=ids.HOOKS_DELIVERIES),
            dcc.Store(id=ids.HOOKS_PAGE, data={"before": None, "next": None}),
            html.Div(className="admin-form", children=[
                html.Button(t("hooks_newest", lang), id=ids.HOOKS_NEWEST, disabled=True),
                html.Button(t("hooks_older", lang), id=ids.HOOKS_OLDER, disabled=True),
            ]),
        ]),
    ])


def receivers_table(rows: Sequence[dict[str, Any]], lang: str) -> html.Table | html.P:
    """Every webhook: source, address, topics, its latest try and its failures.

    Each row has source, url, topics, last (local time or "—"), last_answer, last_ok,
    failed, retrying.
    """
    if not rows:
        return html.P(t("hooks_none", lang))
    head = ("hooks_col_source", "hooks_col_url", "hooks_col_topics", "hooks_col_last",
            "hooks_col_failures")
    body = [html.Tr([
        html.Td(row["source"]), html.Td(html.Code(row["url"])),
        html.Td(", ".join(row["topics"])),
        html.Td(f"{row['last']} · {row['last_answer']}" if row["last_answer"] else "—",
                className="admin-ok" if row["last_ok"] else
                ("admin-error" if row["last_answer"] else None)),
        html.Td(f"{row['failed']} / {row['retrying']}",
                className="admin-error" if row["failed"] else None),
    ]) for row in rows]
    return admin.table(head, body, lang, "hooks-receivers-table")


def deliveries_table(rows: Sequence[dict[str, Any]], lang: str) -> html.Table | html.P:
    """The latest deliveries: when, to whom, what event, how it went, and a resend button
    on those that failed or are failing.

    Each row has id, time, source, event, incident, status, answer, attempts, next (local
    time or None), resendable, resent ({"by", "at"} or None).
    """
    if not rows:
        return html.P(t("hooks_no_deliveries", lang))
    head = ("hooks_col_id", "hooks_col_time", "hooks_col_source", "hooks_col_event",
            "hooks_col_status", "hooks_col_answer", "hooks_col_attempts", "hooks_col_next",
            "hooks_col_resend")
    body = [html.Tr([
        html.Td(row["id"]), html.Td(row["time"]), html.Td(row["source"]),
        html.Td(f"{row['event']} · {row['incident']}"),
        html.Td(t(f"hooks_status_{row['status']}", lang), className=f"hook-{row['status']}"),
        html.Td(row["answer"] or "—"), html.Td(row["attempts"]), html.Td(row["next"] or "—"),
        html.Td(_resend(row, lang)),
    ], id=f"hook-delivery-{row['id']}") for row in rows]
    return admin.table(head, body, lang, "hooks-deliveries-table")


def _resend(row: dict[str, Any], lang: str) -> list:
    cell: list = []
    if row["resendable"]:
        cell.append(html.Button(t("hooks_resend", lang), className="admin-danger",
                                id={"type": ids.HOOKS_RESEND, "delivery": row["id"]}))
    if row["resent"]:
        cell.append(html.Span(t("hooks_resent_by", lang).format(**row["resent"]),
                              className="admin-note"))
    return cell or ["—"]
