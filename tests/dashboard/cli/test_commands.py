"""The command line as an operator uses it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dashboard.cli import access
from dashboard.config import Settings
from data import schema, store
from data.models import Department, DisplayToken, User

PROJECT = Path(__file__).resolve().parents[3]


def cli(url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m dashboard ARGS` against the store at `url`."""
    environ = {**os.environ, "DASHBOARD_DATABASE_URL": url, "DASHBOARD_LOG_LEVEL": "WARNING",
               **env}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=PROJECT, env=environ,
                          capture_output=True, text=True, timeout=300)


def test_migrate_creates_the_schema_and_is_idempotent(empty_store_url):
    first = cli(empty_store_url, "migrate")
    assert first.returncode == 0, first.stderr
    head = schema.head_revision()
    assert f"schema empty → {head}" in first.stdout
    again = cli(empty_store_url, "migrate")
    assert f"schema {head} → {head}" in again.stdout


def test_load_demo_fills_an_empty_store_once_and_shows_progress(empty_store_url):
    loaded = cli(empty_store_url, "load-demo", "--seed", "3", "--days", "2")
    assert loaded.returncode == 0, loaded.stderr
    assert "demo history" in loaded.stderr and "2/2" in loaded.stderr  # the progress bar
    assert "grids" in loaded.stdout and "incidents" in loaded.stdout
    assert counted_places(empty_store_url) == {"streets": 7, "communities": 47}
    # The trail the figures read has statistics at once, not when autovacuum gets to it.
    trail = counted_places(empty_store_url, ("incidents", "events"))
    assert sorted(trail) == ["events", "incidents"] and min(trail.values()) > 0, trail
    refused = cli(empty_store_url, "load-demo", "--days", "1")
    assert refused.returncode != 0
    assert "already holds a district" in refused.stderr


def test_grids_export_and_import_round_trip_and_bad_file_is_refused(empty_store_url, tmp_path):
    assert cli(empty_store_url, "load-demo", "--days", "1").returncode == 0
    exported = tmp_path / "grids.geojson"
    out = cli(empty_store_url, "export-grids", str(exported))
    assert out.returncode == 0, out.stderr
    collection = json.loads(exported.read_text(encoding="utf-8"))
    count = len(collection["features"])
    assert 450 <= count <= 600 and f"{count} grids written" in out.stdout

    back = cli(empty_store_url, "import-grids", str(exported))
    assert back.returncode == 0, back.stderr
    assert f"0 grids created, {count} updated" in back.stdout

    collection["features"][0]["properties"]["code"] = "12345"
    collection["features"][1]["geometry"] = {"type": "LineString",
                                             "coordinates": [[120, 30], [120.1, 30.1]]}
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps(collection), encoding="utf-8")
    refused = cli(empty_store_url, "import-grids", str(bad))
    assert refused.returncode == 1
    assert "feature 0" in refused.stderr and "feature 1" in refused.stderr
    assert "nothing imported" in refused.stderr
    again = cli(empty_store_url, "export-grids", str(tmp_path / "again.geojson"))
    assert f"{count} grids written" in again.stdout


@pytest.mark.parametrize(("variable", "value"), [("DASHBOARD_PORT", "eighty"),
                                                  ("DASHBOARD_TIMEZONE", "Mars/Olympus"),
                                                  ("DASHBOARD_OFFICE_HOURS", "9-5")])
def test_a_bad_setting_is_refused_naming_it(tmp_path, variable, value):
    result = cli(f"sqlite:///{tmp_path / 'd.db'}", "migrate", **{variable: value})
    assert result.returncode == 2
    assert variable in result.stderr


def test_create_user_hashes_the_password_and_refuses_a_taken_name_or_unknown_role(
        empty_store_url):
    assert cli(empty_store_url, "migrate").returncode == 0
    user = ("create-user", "--username", "wangfang", "--name", "值班员 王芳", "--role", "duty")
    made = cli(empty_store_url, *user, "--password", "a long password")
    assert made.returncode == 0, made.stderr
    assert "wangfang (值班员 王芳), role duty" in made.stdout
    with stored(empty_store_url) as session:
        row = session.scalar(select(User))
        assert row.password_hash.startswith("$argon2id$") and "(command line)" in row.created_by
    taken = cli(empty_store_url, *user, "--password", "another password")
    assert taken.returncode == 1 and "'wangfang' is taken" in taken.stderr
    boss = cli(empty_store_url, *user[:-1], "boss", "--password", "a long password")
    assert boss.returncode == 2 and "'boss' is not one of" in boss.stderr


def test_a_liaison_is_created_bound_to_a_known_department_and_refused_without_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    assert cli(url, "migrate").returncode == 0
    with stored(url) as session:
        session.add(Department(code="D01", name="城管执法局", short_name="城管", active=True))
        session.commit()
    liaison = ("create-user", "--username", "chen", "--name", "联络员 陈静", "--role",
               "department", "--password", "a long password")
    unbound = cli(url, *liaison)
    assert unbound.returncode == 1 and "needs a department" in unbound.stderr
    unknown = cli(url, *liaison, "--department", "D99")
    assert unknown.returncode == 1 and "no active department 'D99'" in unknown.stderr
    leader = cli(url, "create-user", "--username", "zhao", "--name", "领导 赵明", "--role",
                 "leader", "--department", "D01", "--password", "a long password")
    assert leader.returncode == 1 and "only a department liaison" in leader.stderr
    made = cli(url, *liaison, "--department", "D01")
    assert made.returncode == 0, made.stderr
    assert "role department, department D01" in made.stdout
    with stored(url) as session:
        assert [(user.username, user.department.code) for user in session.scalars(select(User))
                ] == [("chen", "D01")]


def test_create_user_asks_for_the_password_when_not_given(tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    assert cli(url, "migrate").returncode == 0
    environ = {**os.environ, "DASHBOARD_DATABASE_URL": url}
    asked = subprocess.run(
        [sys.executable, "-m", "dashboard", "create-user", "--username", "li", "--name", "李强",
         "--role", "admin"], cwd=PROJECT, env=environ, input="a long password\n" * 2,
        capture_output=True, text=True, timeout=60)
    assert asked.returncode == 0, asked.stderr
    assert "a long password" not in asked.stdout + asked.stderr  # never echoed


@pytest.mark.parametrize(("host", "shown"), [
    ("127.0.0.1", "127.0.0.1"), ("10.2.0.7", "10.2.0.7"), ("0.0.0.0", socket.gethostname()),
    ("::", socket.gethostname()), ("fd00::7", "[fd00::7]")])
def test_the_printed_wall_address_names_a_host_a_wall_can_reach(host, shown):
    settings = Settings.from_env({"DASHBOARD_HOST": host, "DASHBOARD_PORT": "8060"})
    assert access.wall_url(settings, "t0k") == f"http://{shown}:8060/wall?token=t0k"


def test_tokens_are_created_listed_and_revoked_from_the_command_line(empty_store_url):
    assert cli(empty_store_url, "migrate").returncode == 0
    made = cli(empty_store_url, "create-token", "--name", "指挥大厅主屏")
    assert made.returncode == 0, made.stderr
    token = re.search(r"token \(shown this once\): (\S+)", made.stdout).group(1)
    assert f"wall URL: http://127.0.0.1:8050/wall?token={token}" in made.stdout
    with stored(empty_store_url) as session:
        row = session.scalar(select(DisplayToken))
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    listed = cli(empty_store_url, "list-tokens").stdout
    assert "指挥大厅主屏" in listed and "active" in listed and "(command line)" in listed
    assert token not in listed
    revoked = cli(empty_store_url, "revoke-token", str(row.id))
    assert f"token {row.id} (指挥大厅主屏) revoked" in revoked.stdout
    assert "revoked 20" in cli(empty_store_url, "list-tokens").stdout
    again = cli(empty_store_url, "revoke-token", str(row.id))
    assert again.returncode == 1 and "already revoked" in again.stderr
    unknown = cli(empty_store_url, "revoke-token", "999")
    assert unknown.returncode == 1 and "no token 999" in unknown.stderr
    console = cli(empty_store_url, "create-token", "--name", "值班台", "--role", "duty")
    assert "Authorization: Bearer" in console.stdout and "wall URL" not in console.stdout


def counted_places(url: str, tables: tuple[str, ...] = ("streets", "communities")
                   ) -> dict[str, int]:
    """The rows the query planner's statistics count in `tables`."""
    names = ", ".join(f"'{table}'" for table in tables)  # the test's own names
    with stored(url) as session:
        if session.get_bind().dialect.name == "postgresql":
            # -1: never analyzed.
            rows = session.execute(text(
                f"SELECT relname, reltuples FROM pg_class WHERE relname IN ({names}) "
                "AND relkind = 'r' AND relnamespace = current_schema()::regnamespace"))
        else:
            # Each row's stat starts with the table's row count.
            rows = session.execute(text(
                "SELECT tbl, max(CAST(stat AS INTEGER)) FROM sqlite_stat1 "
                f"WHERE tbl IN ({names}) GROUP BY tbl"))
        return {name: int(count) for name, count in rows}


@contextmanager
def stored(url: str) -> Iterator[Session]:
    """A session on the store the command line wrote to."""
    engine = store.make_engine(url)
    try:
        with store.make_sessionmaker(engine)() as session:
            yield session
    finally:
        engine.dispose()
