"""The API's one shape of refusal: {"error", "message", "field"}, with its status."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from pydantic import BaseModel

TEXT = {400: "malformed request", 401: "no valid token or session",
        403: "the role or source kind needed is missing", 404: "no such thing",
        405: "the path does not take this method", 409: "refused in the current state",
        413: "the body is too large", 422: "well-formed but not acceptable"}


class ErrorOut(BaseModel):
    """Every refusal: what kind, a message for a person, and the field at fault if any."""

    error: str
    message: str
    field: str | None = None


class ApiError(Exception):
    """A refusal to answer with; `extra` adds members such as the incident's state."""

    def __init__(self, status: int, error: str, message: str, field: str | None = None,
                 **extra: Any) -> None:
        super().__init__(message)
        self.status, self.error, self.message, self.field, self.extra = (
            status, error, message, field, extra)

    def response(self) -> tuple[Response, int]:
        """The refusal as a JSON answer and its status."""
        return jsonify(error=self.error, message=self.message, field=self.field,
                       **self.extra), self.status
