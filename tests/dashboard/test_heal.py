"""What the server does so screens heal: a key that outlives restarts, a page that waits for
an unreadable store, refusals instead of failures, screens told when the store is gone, and
a revoked display that says so."""

from __future__ import annotations

import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard import keys, push, screens
from dashboard.config import Settings
from data.domain import Role
from tests import people
from tests.dashboard.conftest import Site


@contextmanager
def store_gone(site: Site) -> Iterator[None]:
    """The store's file moved away while the server runs: no table can be read."""
    engine = site.app.server.extensions["dashboard"].engine
    path = Path(engine.url.database)
    engine.dispose()
    path.rename(path.with_suffix(".away"))
    try:
        yield
    finally:
        engine.dispose()
        path.with_suffix(".away").replace(path)


def test_the_default_key_is_made_once_and_kept(tmp_path):
    assert Settings.from_env({}).secret_key == ""  # no key given: `run` uses the kept one
    path = tmp_path / "instance" / "secret_key"
    first = keys.kept(path)
    assert len(first) == 64
    assert keys.kept(path) == first  # the next start signs with the same key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_pages_opened_while_the_store_cannot_be_read_wait_for_it(site):
    client, _ = site.signed_in(Role.DUTY)
    _, token = people.make_token(site.sessions)
    with store_gone(site):
        for path in ("/duty", f"/wall?token={token}"):
            answer = client.get(path) if path == "/duty" else site.client().get(path)
            assert answer.status_code == 503, path
            assert "正在等待数据库恢复" in answer.text
            assert '<meta http-equiv="refresh"' in answer.text  # it asks again by itself
            assert answer.headers["Retry-After"]
        called = client.get("/api/v1/incidents")
        assert called.status_code == 503
        assert called.json["error"] == "store_unavailable"
    assert client.get("/duty").status_code == 200
    assert site.client().get(f"/wall?token={token}").status_code == 200


def test_a_screen_connecting_while_the_store_cannot_be_read_is_refused_not_left_hanging(site):
    _, token = people.make_token(site.sessions)
    site.app.server.extensions["push.opening"] = lambda: {"meta": {}}
    with store_gone(site):
        refused = push.socketio.test_client(site.app.server, auth={"token": token})
        assert not refused.is_connected()
    assert push.socketio.test_client(site.app.server, auth={"token": token}).is_connected()


def test_connected_screens_are_told_when_the_store_goes_and_when_it_returns(site, monkeypatch):
    monkeypatch.setattr(screens, "CHECK_SECONDS", 0.1)
    _, token = people.make_token(site.sessions)
    site.app.server.extensions["push.opening"] = lambda: {"meta": {}}
    wall = push.socketio.test_client(site.app.server, auth={"token": token})

    def said() -> list[bool]:
        return [event["args"][0]["up"] for event in wall.get_received() if
                event["name"] == "store"]

    with store_gone(site):
        deadline = time.monotonic() + 5
        while False not in (heard := said()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert heard and not any(heard)
    deadline = time.monotonic() + 5
    while True not in (heard := said()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert heard == [True]
    assert wall.is_connected()


def test_a_revoked_display_says_it_is_revoked(site):
    token_id, token = people.make_token(site.sessions)
    people.revoke(site.sessions, token_id)
    answer = site.client().get(f"/wall?token={token}")
    assert answer.status_code == 401
    assert "此屏已停用" in answer.text
    unknown = site.client().get("/wall?token=no-such-token")
    assert unknown.status_code == 401
    assert "此屏已停用" not in unknown.text
    english = site.client().get(f"/wall?token={token}&lang=en")
    assert "Display revoked" in english.text
