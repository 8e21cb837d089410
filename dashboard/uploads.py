"""The callback body that carries an administrator's upload (data.places.files says how large
a file may be): larger bodies are refused with 413 before anything reads them.

Every other request keeps the API's far smaller limit (MAX_CONTENT_LENGTH).
"""

from __future__ import annotations

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue

from dashboard import auth
from data.domain import Role
from data.places import files

CALLBACK_PATH = "/_dash-update-component"


def body_limit() -> int:
    """The largest callback body an administrator may send: the file as base64 (4/3 of it)
    and room to spare, so a file a little over the limit is still answered on the page."""
    return files.MAX_UPLOAD * 2


def init_app(server: Flask) -> None:
    """Give administrators' callbacks room for an upload; refuse a body over it first."""
    server.before_request(check)


def check() -> ResponseReturnValue | None:
    """Refuse a callback body over the caller's limit with 413 naming it; else go on."""
    if request.path != CALLBACK_PATH:
        return None
    principal = auth.session_principal()
    if principal is not None and principal.role is Role.ADMIN:
        request.max_content_length = body_limit()
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        return jsonify(error="too_large", field="body",
                       message=f"the request ({files.size(request.content_length or 0)}) is "
                               f"over the limit of {files.size(limit)}"), 413
    return None
