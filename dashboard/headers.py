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

import base64
import hashlib
import re
from collections.abc import Sequence

from flask import Flask, Response, request

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


INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def inline_hashes(page: bytes) -> list[str]:
    """The CSP hashes of a page's inline scripts."""
    return ["'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
            for script in INLINE_SCRIPT.findall(page)]


def init_app(server: Flask, script_hashes: Sequence[str],
             own_pages: Sequence[str] = ()) -> None:
    """Add the headers to every answer; call once the app's inline scripts are known.

    Pages under `own_pages` (the API's browsable document, written from a packaged template
    and our own settings, never from input) may run the inline scripts they carry.
    """
    content_policy = policy(script_hashes)

    def add(response: Response) -> Response:
        for name, value in BASE.items():
            response.headers.setdefault(name, value)
        if (request.path.startswith(tuple(own_pages)) and response.mimetype == "text/html"
                and not response.direct_passthrough):
            page_policy = policy([*script_hashes, *inline_hashes(response.get_data())])
            response.headers.setdefault("Content-Security-Policy", page_policy)
        response.headers.setdefault("Content-Security-Policy", content_policy)
        return response

    server.after_request(add)
