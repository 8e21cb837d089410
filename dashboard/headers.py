"""Security headers on every answer: no sniffing, no framing, no referrer, and a content
security policy as tight as Dash allows.

Every script comes from this server, so scripts are limited to it and to the hashes of the
inline scripts Dash itself writes into its page. Styles must allow inline ones: Dash and
Plotly set styles on elements as they draw. Images and fonts may be data: URLs (Plotly's
icons). Nothing may frame a page (a wall or a console in someone else's page could be
clicked for its operator), and no address — a wall's carries its token — is sent on as a
referrer.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, Response

BASE = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def policy(script_hashes: Sequence[str]) -> str:
    """The content security policy for pages whose inline scripts have `script_hashes`
    (quoted, as Dash gives them: "'sha256-…'")."""
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def init_app(server: Flask, script_hashes: Sequence[str]) -> None:
    """Add the headers to every answer; call once the app's inline scripts are known."""
    content_policy = policy(script_hashes)

    def add(response: Response) -> Response:
        for name, value in BASE.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", content_policy)
        return response

    server.after_request(add)
