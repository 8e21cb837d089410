"""A revoked source or console stops working through the API within the tokens' keeping."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from dashboard import bearers
from data import clock
from data.models import SourceSystem
from data.people import access, sources
from tests import people
from tests.dashboard.api.conftest import Api, build, report_body


@pytest.fixture
def api(engine: Engine) -> Iterator[Api]:
    built = build(engine)
    yield built
    built.site.app.server.extensions["dashboard"].dispose()


def kept(api: Api) -> bearers.Bearers:
    return api.site.app.server.extensions[bearers.KEY]


def revoke_source(api: Api, name: str) -> None:
    with api.site.sessions.begin() as db:
        source_id = db.scalar(select(SourceSystem.id).where(SourceSystem.name == name))
        sources.revoke_source(db, source_id, "admin", clock.now())


def test_a_revoked_source_is_refused_once_its_token_has_been_kept_long_enough(api):
    kept(api).keep_s = 0.3
    assert api.call("POST", "/incidents", "iot", json=report_body("K-1")).status_code == 201
    revoke_source(api, "iot system")
    time.sleep(0.4)
    refused = api.call("POST", "/incidents", "iot", json=report_body("K-2"))
    assert refused.status_code == 401 and "revoked" in refused.json["message"]


def test_a_revoked_token_is_kept_no_longer_than_its_window_and_clearing_forgets_it(api):
    assert api.call("GET", "/whoami", "duty-token").status_code == 200
    with api.site.sessions() as db:
        token_id = next(t.id for t in access.tokens(db) if t.name == "duty console")
    people.revoke(api.site.sessions, token_id)
    assert api.call("GET", "/whoami", "duty-token").status_code == 200  # still kept
    kept(api).clear()
    assert api.call("GET", "/whoami", "duty-token").status_code == 401


def test_an_unknown_token_is_not_kept_so_a_new_source_works_at_once(api):
    secret = "not-yet-a-token"
    assert api.call("GET", "/whoami", headers={"Authorization": f"Bearer {secret}"}
                    ).status_code == 401
    assert kept(api).principal(secret, lambda _: None) is None
    assert kept(api).principal(secret, lambda _: "found") == "found"
