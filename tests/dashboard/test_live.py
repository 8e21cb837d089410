"""What screens receive: one event per change, and the whole picture when they connect."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_socketio import SocketIOTestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dashboard import auth, builder, live, push, wiring
from dashboard.config import Settings
from dashboard.shelf import Shelf
from data import clock, store
from data.incidents.moves import Rules
from layouts import ids
from tests import people
from tests.factories import Town, reported, town

PROJECT = Path(__file__).resolve().parents[2]

REDIS_URL = "redis://127.0.0.1:6379/0"


def picture_of(engine: Engine, shelf: Shelf | None = None) -> live.Live:
    settings = Settings(timezone="Asia/Shanghai")
    wired = wiring.Wiring(settings, engine, store.make_sessionmaker(engine),
                          wiring.rules_from(settings))
    return live.Live(wired, shelf)


@pytest.fixture
def place(session: Session, rules: Rules) -> Town:
    """A tiny district with one report five minutes ago."""
    built = town(session)
    reported(session, rules, built, at=clock.now() - timedelta(minutes=5))
    session.commit()
    return built


@pytest.fixture
def served(engine: Engine, place: Town) -> Iterator[tuple[live.Live, Flask]]:
    """The district's live picture behind a bare Socket.IO server."""
    picture = picture_of(engine)
    server = Flask("test")
    wiring.init_app(server, picture.wired)
    auth.init_app(server, Settings())
    push.init_app(server, Settings(), picture.opening)
    server.config["WALL_TOKEN"] = people.make_token(picture.wired.sessions)[1]
    yield picture, server


def screen(server: Flask) -> SocketIOTestClient:
    """A wall connecting with its display token."""
    return push.socketio.test_client(server, auth={"token": server.config["WALL_TOKEN"]})


def events(client: SocketIOTestClient) -> list[tuple[str, dict]]:
    return [(event["name"], event["args"][0]) for event in client.get_received()]


def test_a_connecting_screen_gets_the_whole_picture_in_one_event(served):
    picture, server = served
    picture.lead()
    received = events(screen(server))
    assert [name for name, _ in received] == ["opening"]
    opening = received[0][1]
    # The map's values and markers ride with its geometry, so the map is drawn whole.
    assert set(opening) == {"geometry", "meta", "kpis", "ticker", "departments", "streets",
                            "sources", "categories", "trend"}
    assert len(opening["geometry"]["grids"]["features"]) == 3
    assert opening["geometry"]["values"] == picture.snapshot["map"]
    assert opening["kpis"]["today_reported"] == picture.snapshot["kpis"]["today_reported"]


def test_a_change_reaches_every_screen_as_one_event_with_the_whole_snapshot(served, session,
                                                                              rules, place):
    picture, server = served
    picture.lead()
    walls = [screen(server) for _ in range(3)]
    for wall in walls:
        wall.get_received()
    reported(session, rules, place, at=clock.now() - timedelta(minutes=1))
    session.commit()
    changed = picture.poll()
    assert "kpis" in changed and "map" in changed
    for wall in walls:
        received = events(wall)
        assert [name for name, _ in received] == ["snapshot"]
        # Whole, so a screen that misses a push loses nothing; its page redraws what differs.
        assert received[0][1] == push.parts_for(ids.ROOM_WALL, picture.snapshot)
    assert picture.poll() == []  # nothing new in the trail: nothing is built or sent
    assert all(wall.get_received() == [] for wall in walls)


def test_a_process_that_does_not_lead_hands_over_the_leaders_kept_picture(served, engine):
    leader, _ = served
    shelf = Shelf(REDIS_URL, f"test-{uuid.uuid4().hex}")
    try:
        leader.shelf = shelf
        leader.lead()
        follower = picture_of(engine, shelf)
        opening = follower.opening()
        assert opening["meta"] == leader.snapshot["meta"]  # the same moment, not rebuilt
        assert opening["geometry"]["grids"] == leader.geometry["grids"]
        assert follower.snapshot is None
    finally:
        shelf.client.delete(*shelf.keys)


def test_without_a_kept_picture_a_follower_builds_one_for_the_screen_alone(served, engine):
    follower = picture_of(engine, Shelf(REDIS_URL, f"test-{uuid.uuid4().hex}"))
    opening = follower.opening()
    assert opening["kpis"]["today_reported"] == 1
    assert len(opening["geometry"]["grids"]["features"]) == 3



@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_on_postgresql_the_picture_is_built_in_a_process_of_its_own(served, engine, session,
                                                                      rules, place):
    picture, _ = served
    picture.apart = apart = builder.for_engine(engine)
    try:
        picture.lead()
        here = picture_of(engine)._build()  # the same picture, built in this process
        for part in ("kpis", "map", "departments", "streets", "trend", "ticker"):
            assert picture.snapshot[part] == here[part]
        assert picture.snapshot["kpis"]["today_reported"] == 1
        reported(session, rules, place, at=clock.now() - timedelta(minutes=1))
        session.commit()
        assert "kpis" in picture.poll()
        assert picture.snapshot["kpis"]["today_reported"] == 2
        # A builder process that dies is replaced; the next build still comes.
        os.kill(apart._process.pid, signal.SIGKILL)
        apart._process.join()
        reported(session, rules, place, at=clock.now() - timedelta(minutes=1))
        session.commit()
        assert "kpis" in picture.poll()
        assert picture.snapshot["kpis"]["today_reported"] == 3
        # A build that fails in the builder raises here, and the builder serves the next one.
        with pytest.raises(ValueError, match="naive datetime"):
            apart.build(clock.now().replace(tzinfo=None), picture.zone, picture.rates)
        assert apart.build(clock.now(), picture.zone, picture.rates)["kpis"][
            "today_reported"] == 3
        process = apart._process
    finally:
        apart.close()
    assert not process.is_alive()  # closed: no builder process left


def test_on_sqlite_the_picture_is_built_in_the_serving_process(tmp_path):
    assert builder.for_engine(store.make_engine(f"sqlite:///{tmp_path / 'store.db'}")) is None


def test_a_builder_whose_server_died_before_it_started_ends_by_itself(tmp_path):
    # The serving process gives the builder its id; here it names a process that is gone (the
    # builder's real parent, this test, lives on), as when a server is killed as it starts.
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    started = time.monotonic()
    ended = subprocess.run(
        [sys.executable, "-c", "import sys, time; from dashboard import builder; "
         "builder._start(sys.argv[1], int(sys.argv[2])); time.sleep(60)",
         f"sqlite:///{tmp_path / 'store.db'}", gone],
        cwd=PROJECT, timeout=30, capture_output=True, text=True)
    assert ended.returncode == 0, ended.stderr  # it ended itself (os._exit(0)), no error
    assert time.monotonic() - started < 15  # not the 60 s it would sleep as an orphan


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_the_poll_does_not_wait_for_connections_held_by_requests(engine, place, session, rules,
                                                                 monkeypatch):
    """Reports streaming in hold every connection of the shared pool; the live picture polls
    and builds on connections of its own, so a wall's picture never queues behind them."""
    pushed: list[dict] = []
    monkeypatch.setattr(push, "publish", pushed.append)
    url = engine.url.render_as_string(hide_password=False)
    wired = wiring.connect(Settings(timezone="Asia/Shanghai", database_url=url))
    shared = store.make_engine(url, pool_size=1, max_overflow=0, pool_timeout=30)
    wired = dataclasses.replace(wired, engine=shared, sessions=store.make_sessionmaker(shared))
    picture = live.Live(wired)
    try:
        held = shared.connect()  # the only connection of the shared pool, held by a request
        picture.lead()
        reported(session, rules, place, at=clock.now() - timedelta(minutes=1))
        session.commit()
        started = time.monotonic()
        assert "kpis" in picture.poll()
        assert time.monotonic() - started < 10  # not the shared pool's 30 s wait
        assert pushed[-1]["kpis"]["today_reported"] == 2
        held.close()
    finally:
        wired.dispose()
        shared.dispose()
