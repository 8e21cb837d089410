"""Fixtures for the server side: store URLs another process can open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import stores


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store, not yet migrated, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'instance' / 'dashboard.db'}"
        return
    with stores.postgres_schema(migrate=False) as engine:
        yield engine.url.render_as_string(hide_password=False)
