"""The console's lines: quiet by default, a request's line only when asked, no secret ever.

A command hall's operator reads the console for the sign-in sheet and for trouble, so the
request lines of the web server (one per page, script and poll) are off unless
DASHBOARD_ACCESS_LOG asks for them. Whatever is logged, a token, password or key in it —
a wall's address carries its display token — is replaced before any handler writes it.
"""

from __future__ import annotations

import logging
import re

from dashboard.config import Settings

# `token=…`, `password=…`, `api_key=…` in an address, a form or JSON, and a bearer header.
SECRET = re.compile(
    r"""(?P<key>\b(?:token|password|api_key|secret)["']?\s*[=:]\s*["']?)[^&\s"',;)]+"""
    r"""|(?P<scheme>\bBearer\s+)[^\s"',;]+""", re.IGNORECASE)
HIDDEN = "***"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redact(text: str) -> str:
    """`text` with every secret it carries replaced."""
    return SECRET.sub(lambda found: (found.group("key") or found.group("scheme")) + HIDDEN,
                      text)


class Redacting(logging.Filter):
    """Replace secrets in a record's message before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure(settings: Settings) -> None:
    """Set up the process's logging from the settings."""
    logging.basicConfig(level=settings.log_level.upper(), format=FORMAT)
    for handler in logging.getLogger().handlers:
        handler.addFilter(Redacting())
    # The jobs run every second, and /healthz asks the schema's revision on every call:
    # their routine lines would drown everything else.
    for routine in ("apscheduler", "alembic.runtime.migration"):
        logging.getLogger(routine).setLevel(logging.WARNING)
    # The web server's line per request, only when asked for.
    logging.getLogger("werkzeug").setLevel(
        logging.INFO if settings.access_log else logging.WARNING)
