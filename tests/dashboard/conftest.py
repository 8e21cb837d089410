"""Fixtures for the server side: store URLs another process can open, and the app in-process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.test import TestResponse

from dashboard import wiring
from dashboard.app import create_app
from dashboard.config import Settings
from data.domain import Role
from tests import people, stores


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store, not yet migrated, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'instance' / 'dashboard.db'}"
        return
    with stores.postgres_schema(migrate=False) as engine:
        yield engine.url.render_as_string(hide_password=False)


@dataclass
class Site:
    """The app on a migrated SQLite store of its own, and ways in for each role."""

    app: Dash
    sessions: sessionmaker[Session]

    def client(self) -> FlaskClient:
        """A browser without a session."""
        return self.app.server.test_client()

    def signed_in(self, role: Role) -> tuple[FlaskClient, people.Person]:
        """A browser signed in through /login as a new user with `role`."""
        person = people.make_user(self.sessions, role)
        client = self.client()
        answer = sign_in(client, person.username, person.password)
        assert answer.status_code == 302, answer.text
        return client, person


def form_token(page: str) -> str:
    """The CSRF token a served form carries."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client: FlaskClient, username: str, password: str, next_path: str | None = None,
            lang: str | None = None) -> TestResponse:
    """Fill in and send the sign-in form, as a browser would."""
    token = form_token(client.get("/login").text)
    form = {"csrf_token": token, "username": username, "password": password}
    form.update({key: value for key, value in (("next", next_path), ("lang", lang)) if value})
    return client.post("/login", data=form)


@pytest.fixture
def site(tmp_path: Path, sqlite_template: Path) -> Iterator[Site]:
    """The app on a fresh migrated store."""
    with stores.sqlite_copy(sqlite_template, tmp_path / "store.db") as engine:
        settings = Settings.from_env({}, database_url=engine.url.render_as_string())
        wired = wiring.connect(settings)
        yield Site(create_app(settings, wired), wired.sessions)
        wired.dispose()
