"""A month that reproduces a published result: 911 closed of 972 due, 737 of them on time."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import figures
from data.figures import periods
from data.incidents import moves
from data.models import Event, Incident
from data.places import scopes
from tests.data.figures.copies import OPEN, published_month
from tests.factories import SHANGHAI, local

NOVEMBER = periods.parse("2025-11-01..2025-11-30", local(2026, 1, 1), SHANGHAI)
NOW = local(2025, 12, 10, 12, 0)


@pytest.fixture
def published(session: Session, rules: moves.Rules) -> Session:
    published_month(session, rules)
    return session


def test_the_month_reproduces_the_published_closure_and_on_time_rates(published):
    got = figures.compute(published, scopes.DISTRICT, NOVEMBER, NOW)
    assert (got["due"], got["closure_rate"], got["on_time_rate"]) == (
        972, figures.Rate(911, 972), figures.Rate(737, 972))
    assert f"{100 * got['closure_rate'].value:.2f}%" == "93.72%"
    assert f"{100 * got['on_time_rate'].value:.2f}%" == "75.82%"
    assert (got["dispatched"], got["response_rate"], got["overdue_now"]) == (
        972, figures.Rate(972, 972), OPEN)


def test_the_copies_carry_the_trail_the_moves_wrote(published):
    trails = published.execute(select(Event.kind, func.count()).group_by(Event.kind)).all()
    kinds = dict(trails)
    assert published.scalar(select(func.count(Incident.id))) == 972
    assert (kinds["report"], kinds["dispatch"], kinds["sign"], kinds["resolve"]) == (
        972, 972, 972, 911)
