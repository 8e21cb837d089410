"""The console: quiet by default, and no token, password or key in any line."""

from __future__ import annotations

import io
import json
import logging

import pytest

from dashboard import logs
from dashboard.config import Settings


@pytest.mark.parametrize(("line", "shown"), [
    ('127.0.0.1 - - "GET /wall?token=Zq9sXbT1-secret&lang=en HTTP/1.1" 200 -',
     '127.0.0.1 - - "GET /wall?token=***&lang=en HTTP/1.1" 200 -'),
    ("POST /login username=admin&password=hunter2-long&next=/",
     "POST /login username=admin&password=***&next=/"),
    ('{"api_key": "k-123", "note": "ok"}', '{"api_key": "***", "note": "ok"}'),
    ("Authorization: Bearer abc.def-ghi", "Authorization: Bearer ***"),
    ("GET /open311/v2/requests.json?api_key=K1", "GET /open311/v2/requests.json?api_key=***"),
])
def test_a_secret_in_a_line_is_hidden(line, shown):
    assert logs.redact(line) == shown


def test_a_line_without_secrets_is_left_as_it_is():
    line = "GET /incidents?state=overdue&street=330100001 200"
    assert logs.redact(line) == line


@pytest.fixture
def console():
    """The root logger writing to a buffer, as the command line sets it up; restored after."""
    root, werkzeug = logging.getLogger(), logging.getLogger("werkzeug")
    alembic = logging.getLogger("alembic.runtime.migration")
    saved = root.handlers[:], root.level, werkzeug.level, alembic.level
    buffer = io.StringIO()
    root.handlers = [logging.StreamHandler(buffer)]
    yield buffer
    root.handlers, root.level = saved[0], saved[1]
    werkzeug.setLevel(saved[2])
    alembic.setLevel(saved[3])


def test_the_console_has_no_request_lines_by_default(console):
    logs.configure(Settings.from_env({}))
    logging.getLogger("werkzeug").info('"GET /wall?token=abc HTTP/1.1" 200 -')
    logging.getLogger("alembic.runtime.migration").info("Context impl SQLiteImpl.")
    logging.getLogger("dashboard.server").warning("waiting for the store")
    assert console.getvalue() == "waiting for the store\n"


def test_asked_for_request_lines_never_carry_the_walls_token(console):
    logs.configure(Settings.from_env({"DASHBOARD_ACCESS_LOG": "1"}))
    logging.getLogger("werkzeug").info('"%s %s %s" %s -', "GET", "/wall?token=Zq9s-secret",
                                       "HTTP/1.1", 200)
    assert console.getvalue() == '"GET /wall?token=*** HTTP/1.1" 200 -\n'


def test_json_lines_are_one_object_each_with_no_secret(console):
    logs.configure(Settings.from_env({"DASHBOARD_LOG_JSON": "true"}))
    logging.getLogger("dashboard.push").warning("wall at /wall?token=%s refused", "Zq9s-secret")
    try:
        raise ValueError("password=hunter2-long rejected")
    except ValueError:
        logging.getLogger("dashboard.login").exception("sign-in failed")
    first, second = (json.loads(line) for line in console.getvalue().splitlines())
    assert set(first) == {"time", "level", "logger", "message", "process", "thread"}
    assert first["level"] == "WARNING" and first["logger"] == "dashboard.push"
    assert first["message"] == "wall at /wall?token=*** refused"
    assert first["time"].endswith("+00:00")
    assert second["message"] == "sign-in failed"
    assert "password=***" in second["exception"] and "hunter2" not in console.getvalue()
    assert "Zq9s" not in console.getvalue()
