"""The frame of every desk page: the pages the role may open, who is signed in, the language
switch, sign-out and the page's title. The wall has none: nobody touches it.

Pure: the router hands in the links its route table allows the role and the page's body.
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html
from dash.development.base_component import Component

from layouts import ids
from layouts.text import t


def title(key: str, lang: str) -> str:
    """The document's title for the page titled `key`: the page, then the product."""
    return f"{t(key, lang)} · {t('title', lang)}"


def layout(links: list[tuple[str, str]], current: str, name: str, role: str, lang: str,
           title_key: str, query: dict[str, list[str]], body: object) -> Component:
    """`body` in the frame; `links` are (path, title key) of the pages the role may open."""
    other = "en" if lang == "zh" else "zh"
    switch = {key: values for key, values in query.items() if key != "lang"}
    switch["lang"] = [other]
    suffix = "?lang=en" if lang == "en" else ""
    return html.Div(className="frame", lang="en" if lang == "en" else "zh-CN", children=[
        dcc.Store(id=ids.FRAME_TITLE, data=title(title_key, lang)),
        dcc.Store(id=ids.FRAME_TITLE_SET),
        html.Nav(id=ids.FRAME, className="frame-bar", children=[
            html.Span(t("title", lang), className="frame-brand"),
            html.Ul(className="frame-links", children=[
                # Whole loads: each page opens its own live connection afresh.
                html.Li(html.A(t(key, lang), href=path + suffix,
                               className="frame-link current" if path == current
                               else "frame-link"))
                for path, key in links]),
            html.Span(t("signed_in_as", lang).format(name=name, role=t(f"role_{role}", lang)),
                      className="frame-who"),
            html.A(t("language", lang), href="?" + urlencode(switch, doseq=True),
                   className="frame-lang"),
            html.A(t("signout_title", lang), href="/logout" + suffix, className="frame-out"),
        ]),
        html.Div(body, className="frame-body"),
    ])
