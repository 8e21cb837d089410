"""Every answer carries the security headers; pages a content security policy Dash can live in."""

from __future__ import annotations

import pytest

from data.domain import Role


@pytest.mark.parametrize("path", ["/login", "/healthz", "/wall", "/api/v1/whoami",
                                  "/assets/wall.css", "/no-such-page"])
def test_every_answer_forbids_sniffing_framing_and_referrers(site, path):
    answer = site.client().get(path)
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]


def test_scripts_come_only_from_the_server_and_dashs_own_inline_scripts(site):
    client, _ = site.signed_in(Role.LEADER)
    page = client.get("/")
    rules = dict(rule.strip().split(" ", 1)
                 for rule in page.headers["Content-Security-Policy"].split(";"))
    assert rules["default-src"] == "'self'"
    assert rules["script-src"].split() == ["'self'", *site.app.csp_hashes()]
    assert "unsafe-eval" not in page.headers["Content-Security-Policy"]
    assert rules["connect-src"] == "'self'" and rules["object-src"] == "'none'"
