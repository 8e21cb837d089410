"""Days off entered after a process started count in it without a restart: in the server
and in the simulator's own process, each comparing the store's stamp every few seconds."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from dashboard import demo_mode, wiring
from dashboard.config import Settings
from data import clock
from data.domain import Role
from data.incidents import calendar_days
from data.places import boundaries, setup, workbook
from tests import stores
from tests.data.places import workbooks

FRIDAY = date(2027, 1, 29)  # an ordinary working day until the schedule names it off


def enter_elsewhere(sessions) -> None:
    """Enter the day off as the admin screen of another process would."""
    with sessions.begin() as session:
        calendar_days.enter(session, FRIDAY, "off", "管理员 李强", clock.now())


def test_the_server_counts_a_day_entered_by_another_process_after_its_check_interval(
        site, monkeypatch):
    client, _ = site.signed_in(Role.LEADER)
    wired = site.app.server.extensions["dashboard"]
    assert wired.rules.calendar.is_workday(FRIDAY)
    enter_elsewhere(site.sessions)
    client.get("/status")
    assert wired.rules.calendar.is_workday(FRIDAY)  # checked moments ago: not yet looked at
    monkeypatch.setattr(wiring, "CALENDAR_CHECK_S", 0.0)
    client.get("/status")
    assert not wired.rules.calendar.is_workday(FRIDAY)
    assert wired.rules.calendar.source(2027) == "entered"


@pytest.fixture
def simulated(tmp_path: Path, sqlite_template: Path):
    """A district set up from files, and a simulator's process of its own on it."""
    with stores.sqlite_copy(sqlite_template, tmp_path / "store.db") as engine:
        settings = Settings.from_env({}, database_url=engine.url.render_as_string())
        wired = wiring.connect(settings)
        with wired.sessions.begin() as session:
            setup.apply(session, workbook.read(workbooks.build(workbooks.tables())), "tests",
                        clock.now(), "district.xlsx")
            boundaries.import_grids(session, workbooks.grid_layer())
        yield wired
        wired.dispose()


def test_a_running_simulator_counts_a_day_entered_later_without_a_restart(simulated,
                                                                          monkeypatch):
    monkeypatch.setattr(wiring, "CALENDAR_CHECK_S", 0.0)
    stop = demo_mode.start_simulator(simulated, rate_per_hour=60, tick=0.1)
    try:
        assert simulated.rules.calendar.is_workday(FRIDAY)
        enter_elsewhere(simulated.sessions)
        deadline = time.monotonic() + 10
        while simulated.rules.calendar.is_workday(FRIDAY) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
    assert not simulated.rules.calendar.is_workday(FRIDAY)
