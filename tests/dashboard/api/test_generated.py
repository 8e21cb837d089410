"""A generated run against the OpenAPI document (schemathesis): thousands of requests, valid
and not, as each kind of caller; none may get a 5xx or an answer the document does not allow.

The normal suite runs it on SQLite; `-m generated` runs it again on PostgreSQL, and
API_GENERATED_EXAMPLES makes either run longer.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import text

from dashboard import api as api_package
from data.models import Base
from tests import stores
from tests.dashboard.api.conftest import Api, build

EXAMPLES = int(os.environ.get("API_GENERATED_EXAMPLES", "10"))
# The document is built from the declared models alone: no app, no store.
schema = schemathesis.openapi.from_dict(api_package.table.document())
TALLY: Counter[str] = Counter()


def _counted(built: Api) -> Api:
    @built.site.app.server.after_request
    def _count(response):
        TALLY["requests"] += 1
        TALLY["5xx"] += response.status_code >= 500
        return response
    return built


@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory: pytest.TempPathFactory, sqlite_template) -> Iterator[Api]:
    """One app on SQLite for the whole run: the district, its sources and tokens."""
    with stores.sqlite_copy(sqlite_template,
                            tmp_path_factory.mktemp("generated") / "store.db") as engine:
        yield _counted(build(engine))


@pytest.fixture(scope="module")
def postgres_app(postgres_engine) -> Iterator[Api]:
    """One app on PostgreSQL for the whole run."""
    with postgres_engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(Base.metadata.tables)} "
                                "RESTART IDENTITY CASCADE"))
    yield _counted(build(postgres_engine))


def call(case, api: Api, caller: str) -> None:
    """Send the generated request as `caller` and check the answer against the document."""
    # The WSGI transport does not undo compression; a real client would.
    headers = {"Authorization": f"Bearer {api.tokens[caller]}", "Accept-Encoding": "identity"}
    # Our checks are strict where JSON Schema is lax (77.0 is not an integer here), so a
    # request the schema allows may still be refused; every other check stands.
    server = api.site.app.server
    case.operation.schema.app = server  # in-process, through WSGI; its probes too
    case.call_and_validate(app=server, base_url="http://localhost", headers=headers,
                           excluded_checks=[positive_data_acceptance])


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_a_duty_console_gets_no_5xx_and_nothing_outside_the_document(case, sqlite_app):
    call(case, sqlite_app, "duty-token")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_a_department_system_gets_no_5xx_and_nothing_outside_the_document(case, sqlite_app):
    call(case, sqlite_app, "department")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_hotline_gets_no_5xx_and_nothing_outside_the_document(case, sqlite_app):
    call(case, sqlite_app, "hotline")


@pytest.mark.generated
@schema.parametrize()
@settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=list(HealthCheck))
def test_on_postgresql_no_request_gets_a_5xx(case, postgres_app):
    call(case, postgres_app, "duty-token")
    call(case, postgres_app, "department")


@pytest.mark.generated
def test_zz_the_long_run_made_thousands_of_requests_and_no_5xx():
    """After the PostgreSQL run: how many requests it made, and that none got a 5xx."""
    print(f"\ngenerated run on PostgreSQL: {TALLY['requests']} requests, {TALLY['5xx']} 5xx")
    assert TALLY["5xx"] == 0
    assert TALLY["requests"] >= 1000


def test_zz_the_run_made_its_requests_and_no_5xx():
    """Runs after the generated tests of this module (pytest keeps the file's order)."""
    print(f"\ngenerated run: {TALLY['requests']} requests, {TALLY['5xx']} 5xx")
    assert TALLY["5xx"] == 0
    assert TALLY["requests"] >= 40 * EXAMPLES
