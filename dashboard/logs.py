"""The console's lines: quiet by default, a request's line only when asked, no secret ever.

A command hall's operator reads the console for the sign-in sheet and for trouble, so the
request lines of the web server (one per page, script and poll) are off unless
DASHBOARD_ACCESS_LOG asks for them. Whatever is logged, a token, password or key in it —
a wall's address carries its display token — is replaced before any handler writes it.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

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


class Json(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, and the exception if any.

    The message was cleaned by the Redacting filter; an exception's text is cleaned here.
    """

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(
                    timespec="milliseconds"),
                "level": record.levelname, "logger": record.name,
                "message": record.getMessage(), "process": record.process,
                "thread": record.threadName}
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def configure(settings: Settings) -> None:
    """Set up the process's logging from the settings: plain lines, or JSON when asked."""
    logging.basicConfig(level=settings.log_level.upper(), format=FORMAT)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(kept, Redacting) for kept in handler.filters):
            handler.addFilter(Redacting())
        if settings.log_json:
            handler.setFormatter(Json())
    # The jobs run every second, and /healthz asks the schema's revision on every call:
    # their routine lines would drown everything else.
    for routine in ("apscheduler", "alembic.runtime.migration"):
        logging.getLogger(routine).setLevel(logging.WARNING)
    # A poll skipped while the one before still builds is the design (one at a time), not trouble.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
    # The web server's line per request, only when asked for.
    # gunicorn's start-up lines too: the console keeps the sign-in sheet in view.
    for server in ("werkzeug", "gunicorn.access"):
        logging.getLogger(server).setLevel(
            logging.INFO if settings.access_log else logging.WARNING)
    logging.getLogger("gunicorn.error").setLevel(logging.WARNING)
