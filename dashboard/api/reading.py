"""The API's reads beside incidents: the events feed, the figures and the catalog."""

from __future__ import annotations

import json

from sqlalchemy import or_, select

from dashboard import wiring
from dashboard.api import permits, schemas, shapes
from dashboard.api.errors import ApiError
from data import clock, figures
from data.figures import periods, weights
from data.models import Community, Department, Event, Grid, Incident, Item, Street
from data.places import scopes


def events(query: schemas.EventsQuery) -> schemas.EventPage:
    """The trail as a feed, oldest first, after the cursor; a source sees what concerns it."""
    with wiring.current().sessions() as db:
        seen = permits.reader(db)
        rows = (select(Event, Incident.code, Department.code)
                .join(Incident, Incident.id == Event.incident_id)
                .outerjoin(Department, Department.id == Event.department_id)
                .where(Event.id > query.after))
        if not seen.everything:
            mine = [Incident.source_system == seen.reported_by]
            if seen.department_id is not None:
                mine += [Incident.lead_department_id == seen.department_id,
                         Event.department_id == seen.department_id]
            rows = rows.where(or_(*mine))
        found = [shapes.event(event, code, department) for event, code, department
                 in db.execute(rows.order_by(Event.id).limit(query.limit))]
    return schemas.EventPage(events=found, next=found[-1].id if found else query.after)


def figures_of(query: schemas.FiguresQuery) -> schemas.FiguresOut:
    """Every figure of a scope and period, as `figures --json` prints them."""
    permits.catalog_reader()
    now = query.at or clock.now()
    try:
        scope = scopes.parse(query.scope)
    except ValueError as error:
        raise ApiError(422, "invalid", str(error), "scope") from None
    try:
        period = periods.parse(query.period, now, wiring.current().zone)
    except ValueError as error:
        raise ApiError(422, "invalid", str(error), "period") from None
    with wiring.current().sessions() as db:
        try:
            counted = figures.compute(db, scope, period, now, weights.current(db),
                                      minimum=weights.minimum(db))
        except scopes.UnknownScope as error:
            raise ApiError(422, "invalid", str(error), "scope") from None
    # The very JSON the command prints, so the two can never drift apart.
    return schemas.FiguresOut(**json.loads(json.dumps(figures.as_json(counted))))


def catalog() -> schemas.CatalogOut:
    """What a source needs to speak: items, departments, streets, communities, grids."""
    permits.catalog_reader()
    with wiring.current().sessions() as db:
        lead = {d.id: d.code for d in db.scalars(select(Department))}
        return schemas.CatalogOut(
            items=[schemas.ItemOut(code=i.code, name=i.name, item_class=i.item_class.code,
                                   lead_department=lead.get(i.lead_department_id))
                   for i in db.scalars(select(Item).where(Item.active.is_(True))
                                       .order_by(Item.code))],
            departments=[schemas.Named(code=d.code, name=d.name) for d in db.scalars(
                select(Department).where(Department.active.is_(True)).order_by(Department.code))],
            streets=_named(db, Street), communities=_named(db, Community),
            grids=[schemas.GridOut(code=code, name=name, community=community)
                   for code, name, community in db.execute(
                       select(Grid.code, Grid.name, Community.code)
                       .join(Community, Community.id == Grid.community_id)
                       .where(Grid.active).order_by(Grid.code))])


def _named(db, model) -> list[schemas.Named]:
    return [schemas.Named(code=code, name=name)
            for code, name in db.execute(select(model.code, model.name).order_by(model.code))]
