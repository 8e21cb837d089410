"""Which process runs the scheduled jobs: the holder of the store's job lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.leader import RETRY_SECONDS, Leader
from data import clock, store
from tests import stores
from tests.factories import reported, town


class Process:
    """A leader as a server process would run it, recording what it was told."""

    def __init__(self, engine: Engine) -> None:
        self.told: list[str] = []
        self.woken = threading.Event()
        self.leader = Leader(engine, lambda: self.told.append("lead"),
                             lambda: self.told.append("follow"), self.woken.set)

    @property
    def leads(self) -> bool:
        return self.told[-1:] == ["lead"]


@pytest.fixture
def postgres() -> Iterator[Engine]:
    """A migrated PostgreSQL store of this test's own: its job lock is its own too."""
    with stores.postgres_schema() as engine:
        yield engine


@pytest.fixture
def processes(postgres: Engine) -> Iterator[Callable[[], Process]]:
    """Start processes contending for the job lock of one PostgreSQL store."""
    started: list[Process] = []

    def start() -> Process:
        process = Process(postgres)
        process.leader.start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.leader.stop()


def wait_until(check: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not true within {timeout} s"
        time.sleep(0.05)


def test_exactly_one_process_leads_and_another_takes_over_when_it_stops(processes):
    first = processes()
    wait_until(lambda: first.leads, 5)
    second = processes()
    time.sleep(RETRY_SECONDS + 0.5)  # long enough to have tried and lost
    assert second.told == []
    first.leader.stop()  # its connection closes, and the store frees the lock
    assert first.told == ["lead", "follow"]
    wait_until(lambda: second.leads, RETRY_SECONDS + 3)


def test_a_commit_to_the_trail_wakes_the_leader_at_once(processes, postgres, rules):
    leader, other = processes(), processes()
    wait_until(lambda: leader.leads or other.leads, 5)
    if other.leads:
        leader, other = other, leader
    with store.make_sessionmaker(postgres)() as session:
        reported(session, rules, town(session), at=clock.now())
        committed = time.monotonic()
        session.commit()
    assert leader.woken.wait(2)
    assert time.monotonic() - committed < 1.0
    assert not other.woken.is_set()  # only the job's process listens


def test_the_one_process_of_a_sqlite_store_leads_at_once(tmp_path: Path, sqlite_template):
    with stores.sqlite_copy(sqlite_template, tmp_path / "store.db") as engine:
        process = Process(engine)
        process.leader.start()
        assert process.told == ["lead"]
