"""Demo mode's start: a user per role with a fresh password, and a fresh wall address."""

from __future__ import annotations

import re

import pytest

from dashboard import demo_mode, wiring
from dashboard.config import Settings
from data import clock, store
from data.people import access, sign_in
from tests.factories import town


def test_each_start_prints_fresh_passwords_and_a_wall_address_that_alone_opens_the_wall(engine):
    settings = Settings.from_env({}, database_url=engine.url.render_as_string(False))
    wired = wiring.Wiring(settings, engine, store.make_sessionmaker(engine),
                          wiring.rules_from(settings))
    first = demo_mode.sign_in_sheet(wired, "http://127.0.0.1:8050")
    second = demo_mode.sign_in_sheet(wired, "http://127.0.0.1:8050")
    now = clock.now()
    for sheet, works in ((first, False), (second, True)):
        rows = dict(re.findall(r"^  (display|leader|duty|admin) +\1 +(\S+)$", sheet, re.M))
        assert set(rows) == {"display", "leader", "duty", "admin"}
        token = re.search(r"http://127\.0\.0\.1:8050/wall\?token=(\S+)", sheet).group(1)
        with wired.sessions() as session:
            assert (access.token_by_secret(session, token) is not None) is works
        for username, password in rows.items():
            if works:
                assert sign_in.sign_in(wired.sessions, username, password, now).role == username
            else:
                with pytest.raises(sign_in.WrongCredentials):
                    sign_in.sign_in(wired.sessions, username, password, now)
    assert "http://127.0.0.1:8050/login" in second


def test_a_district_with_departments_gets_a_demo_liaison_of_the_busiest(engine):
    settings = Settings.from_env({}, database_url=engine.url.render_as_string(False))
    wired = wiring.Wiring(settings, engine, store.make_sessionmaker(engine),
                          wiring.rules_from(settings))
    with wired.sessions.begin() as session:
        town(session)  # the city management bureau leads two of its three items
    sheet = demo_mode.sign_in_sheet(wired, "http://127.0.0.1:8050")
    password = re.search(r"^  department +department +(\S+) +\(D01\)$", sheet, re.M).group(1)
    user = sign_in.sign_in(wired.sessions, "department", password, clock.now())
    assert user.role == "department" and user.department.code == "D01"
