"""The command line as an operator uses it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from data import schema

PROJECT = Path(__file__).resolve().parents[2]


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
