"""The frame of the desk pages: the role's links, who is signed in, language and sign-out."""

from __future__ import annotations

from dash import html

from callbacks import pages
from data.domain import Role
from layouts import frame


def texts(component) -> list[str]:
    found = []

    def walk(node) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child)
        elif node is not None and hasattr(node, "children"):
            walk(node.children)
    walk(component)
    return found


def hrefs(component) -> list[str]:
    found = []

    def walk(node) -> None:
        if isinstance(node, list | tuple):
            for child in node:
                walk(child)
        elif node is not None and hasattr(node, "children"):
            if isinstance(node, html.A):
                found.append(node.href)
            walk(node.children)
    walk(component)
    return found


def test_each_role_is_offered_the_pages_it_may_open_and_no_other():
    assert [path for path, _ in pages.links(Role.DISPLAY)] == ["/wall"]
    assert [path for path, _ in pages.links(Role.DEPARTMENT)] == ["/wall", "/desk", "/incidents"]
    assert [path for path, _ in pages.links(Role.LEADER)] == ["/wall", "/", "/incidents",
                                                              "/scorecards"]
    assert [path for path, _ in pages.links(Role.DUTY)] == ["/wall", "/", "/duty",
                                                             "/incidents", "/scorecards"]
    assert [path for path, _ in pages.links(Role.ADMIN)] == [
        "/wall", "/", "/duty", "/incidents", "/scorecards", "/admin", "/admin/district",
        "/admin/items", "/admin/grids", "/admin/webhooks", "/status"]


def test_the_frame_says_who_is_signed_in_and_offers_the_language_and_sign_out():
    drawn = frame.layout([("/", "page_overview"), ("/duty", "page_duty")], "/duty",
                         "值班员 王芳", "duty", "en", "page_duty",
                         {"kind": ["overdue"]}, html.P("body"))
    said = texts(drawn)
    assert "Signed in as 值班员 王芳 (Duty officer)" in said
    assert "Overview" in said and "Duty console" in said and "body" in said
    links = hrefs(drawn)
    assert "/?lang=en" in links and "/duty?lang=en" in links
    assert "?kind=overdue&lang=zh" in links  # the switch keeps the page's filters
    assert "/logout?lang=en" in links
    assert frame.title("page_duty", "en") == "Duty console · Grassroots Governance Command Centre"
