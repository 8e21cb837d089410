"""A wall's token bound to one street, made and listed from the command line."""

from __future__ import annotations

import re

from sqlalchemy import select

from data.models import DisplayToken, District, Street
from tests.dashboard.cli.test_commands import cli, stored


def test_a_token_bound_to_a_street_prints_that_streets_wall_and_is_listed_with_it(
        empty_store_url):
    assert cli(empty_store_url, "migrate").returncode == 0
    with stored(empty_store_url) as session:
        district = District(code="330100", name="测试区")
        session.add_all([Street(district=district, code="330100001", name="望江街道",
                                kind="street"),
                         Street(district=district, code="330100002", name="江南街道",
                                kind="street", active=False)])
        session.commit()
    made = cli(empty_store_url, "create-token", "--name", "望江分中心", "--street", "330100001")
    assert made.returncode == 0, made.stderr
    assert "street 330100001 (望江街道) only" in made.stdout
    token = re.search(r"token \(shown this once\): (\S+)", made.stdout).group(1)
    assert (f"wall URL: http://127.0.0.1:8050/wall?street=330100001&token={token}"
            in made.stdout)
    with stored(empty_store_url) as session:
        assert session.scalar(select(DisplayToken)).street.code == "330100001"
    listed = cli(empty_store_url, "list-tokens").stdout
    assert re.search(r"望江分中心\s+display\s+—\s+330100001", listed)
    unknown = cli(empty_store_url, "create-token", "--name", "x", "--street", "999999999")
    assert unknown.returncode == 1 and "no active street '999999999'" in unknown.stderr
    closed = cli(empty_store_url, "create-token", "--name", "x", "--street", "330100002")
    assert closed.returncode == 1 and "no active street '330100002'" in closed.stderr
    console = cli(empty_store_url, "create-token", "--name", "x", "--role", "duty",
                  "--street", "330100001")
    assert console.returncode == 1 and "only a wall's (display) token" in console.stderr
    with stored(empty_store_url) as session:
        assert len(session.scalars(select(DisplayToken)).all()) == 1


def test_a_rotating_token_is_made_with_its_views_and_listed_with_them(empty_store_url):
    assert cli(empty_store_url, "migrate").returncode == 0
    with stored(empty_store_url) as session:
        district = District(code="330100", name="测试区")
        session.add(Street(district=district, code="330100001", name="望江街道", kind="street"))
        session.commit()
    made = cli(empty_store_url, "create-token", "--name", "大厅轮播", "--rotate",
               "district,330100001", "--every", "20")
    assert made.returncode == 0, made.stderr
    assert "rotating through district, 330100001, every 20 s" in made.stdout
    assert re.search(r"wall URL: \S+/wall\?token=\S+$", made.stdout.strip())
    every = cli(empty_store_url, "create-token", "--name", "全区轮播", "--every", "45")
    assert "rotating through district and every street, every 45 s" in every.stdout
    listed = cli(empty_store_url, "list-tokens").stdout
    assert "district, 330100001, every 20 s" in listed
    for wrong, said in ((("--every", "1"), "whole seconds from 3 to 3600"),
                        (("--rotate", "district,999"), "no active street 999"),
                        (("--rotate", "district,330100001", "--street", "330100001"),
                         "bound to one street does not rotate")):
        refused = cli(empty_store_url, "create-token", "--name", "x", *wrong)
        assert refused.returncode == 1 and said in refused.stderr, refused.stderr
