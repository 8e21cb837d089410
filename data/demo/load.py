"""Write the demo district and its whistle list into the store."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.demo import catalog, geography, history
from data.demo.geography import DistrictPlan
from data.demo.story import Cast
from data.incidents.moves import Rules
from data.models import Community, Department, District, Grid, Item, ItemClass, Street


def store_is_empty(session: Session) -> bool:
    """True when the store holds no district yet."""
    return session.scalar(select(func.count(District.id))) == 0


def load_district(session: Session, plan: DistrictPlan) -> District:
    """Add the planned district with its streets, communities and grids."""
    district = District(code=plan.code, name=plan.name, boundary=plan.geometry)
    for street_plan in plan.streets:
        street = Street(district=district, code=street_plan.code, name=street_plan.name,
                        kind=street_plan.kind, boundary=street_plan.geometry)
        for community_plan in street_plan.communities:
            community = Community(street=street, code=community_plan.code,
                                  name=community_plan.name, kind=community_plan.kind,
                                  boundary=community_plan.geometry)
            community.grids = [
                Grid(code=g.code, name=g.name, boundary=g.geometry, lon=g.centroid[0],
                     lat=g.centroid[1], households=g.households, residents=g.residents,
                     head=g.head, workers=list(g.workers))
                for g in community_plan.grids
            ]
    session.add(district)
    return district


def load_catalog(session: Session) -> None:
    """Add the departments and the 36-item whistle list with their limits."""
    departments = {
        plan.code: Department(code=plan.code, name=plan.name, short_name=plan.short_name)
        for plan in catalog.DEPARTMENTS
    }
    classes = {
        plan.code: ItemClass(code=plan.code, kind=plan.kind, name=plan.name)
        for plan in catalog.ITEM_CLASSES
    }
    items = [
        Item(code=plan.code, name=plan.name, item_class=classes[plan.class_code],
             lead_department=departments[plan.lead_department],
             response_amount=plan.response_amount, response_unit=plan.response_unit,
             resolution_amount=plan.resolution_amount, resolution_unit=plan.resolution_unit)
        for plan in catalog.ITEMS
    ]
    session.add_all([*departments.values(), *classes.values(), *items])


def load_demo(session: Session, rules: Rules, *, seed: int, days: int, now: datetime,
              progress: Callable[[int], None] = lambda _: None) -> int:
    """Load the demo district, its whistle list and `days` of history; return the reports made.

    Each day is committed as it is played, so a long load can be watched and survives a stop.
    """
    if not store_is_empty(session):
        raise ValueError("the store already holds a district; load the demo into an empty store")
    load_district(session, geography.plan_district(seed))
    load_catalog(session)
    session.commit()
    cast = Cast.from_store(session, random.Random(seed))
    zone = rules.calendar.zone
    today = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    starts = [(today - timedelta(days=n)).replace(tzinfo=zone) for n in range(days - 1, -1, -1)]
    return history.play_days(session, rules, cast, starts, now, progress)
