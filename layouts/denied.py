"""The page shown in place of one the signed-in role may not open."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import html

from layouts.text import t


def layout(lang: str, name: str | None, role: str | None, need: list[str]) -> html.Div:
    """Say who is signed in, the roles the page needs, and how to sign in as someone else."""
    query = urlencode({"lang": lang}) if lang != "zh" else ""
    needs = " / ".join(t(f"role_{least}", lang) for least in need)
    message = (t("forbidden_body", lang).format(name=name, role=t(f"role_{role}", lang),
                                                need=needs)
               if name and role else t("forbidden_title", lang))
    return html.Div(className="denied", children=[
        html.H1(t("forbidden_title", lang)),
        html.P(message, className="denied-message"),
        html.A(t("forbidden_switch", lang), href="/login" + (f"?{query}" if query else "")),
    ])
