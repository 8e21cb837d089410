"""The incident API's fixtures: the app on SQLite and PostgreSQL, a tiny district, and a
token for each kind of source and for a duty officer's console."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine
from werkzeug.test import TestResponse

from dashboard import wiring
from dashboard.app import create_app
from dashboard.config import Settings
from data import clock
from data.domain import Role, Source
from data.people import access, sources
from tests.dashboard.conftest import Site
from tests.factories import Town, town


@dataclass
class Api:
    """The app, its district, and bearer tokens by name."""

    site: Site
    place: Town
    tokens: dict[str, str] = field(default_factory=dict)
    client: FlaskClient | None = None

    def call(self, method: str, path: str, who: str | None = None, **kwargs) -> TestResponse:
        """Send a request to /api/v1 as `who` (a key of `tokens`), or without a token."""
        headers = kwargs.pop("headers", {})
        if who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)


def report_body(ref: str = "R-1", **changes) -> dict:
    """A report of a dirty street, located by a point in the first grid."""
    body = {"source_ref": ref, "item": "GL01", "title": "路面有垃圾", "description": "人行道上",
            "priority": "normal", "location": {"lon": 120.004, "lat": 30.004},
            "address": "文一路 100 号", "reporter": {"name": "陈女士", "contact": "13800000000"}}
    body.update(changes)
    return body


def build(engine: Engine) -> Api:
    """The app on `engine`'s store, a tiny district, and a token for each caller."""
    settings = Settings.from_env({}, database_url=engine.url.render_as_string(
        hide_password=False))
    wired = wiring.connect(settings)
    site = Site(create_app(settings, wired), wired.sessions)
    with wired.sessions() as db:
        place = town(db)
        api = Api(site, place)
        for kind in Source:
            department = "D01" if kind == Source.DEPARTMENT else None
            _, api.tokens[kind.value] = sources.create_source(
                db, f"{kind.value} system", kind, "admin", clock.now(), department)
        _, api.tokens["water"] = sources.create_source(
            db, "水利局系统", Source.DEPARTMENT, "admin", clock.now(), "D03")
        for role in (Role.DISPLAY, Role.LEADER, Role.DUTY):
            _, api.tokens[f"{role.value}-token"] = access.create_token(
                db, f"{role.value} console", "admin", clock.now(), role)
        db.commit()
    api.client = site.client()
    return api


@pytest.fixture
def api(engine: Engine) -> Iterator[Api]:
    """The API on the test's store (SQLite and PostgreSQL)."""
    built = build(engine)
    yield built
    built.site.app.server.extensions["dashboard"].dispose()
