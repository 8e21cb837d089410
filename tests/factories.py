"""Small builders of rows for tests: a tiny district, its catalog, and incidents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from data import alerts
from data.domain import AlertKind, ClassKind, LimitUnit, Priority, Source
from data.incidents import moves, reports
from data.incidents.trail import Actor
from data.models import (
    Alert,
    Community,
    Department,
    District,
    Grid,
    Incident,
    Item,
    ItemClass,
    Street,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CENTRE = Actor.person("值班员 王芳")
DEPARTMENT = Actor.system("dept-system")


def local(*parts: int) -> datetime:
    """An aware datetime in Asia/Shanghai: local(2026, 10, 9, 10, 0)."""
    return datetime(*parts, tzinfo=SHANGHAI)


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    """A GeoJSON square polygon with its south-west corner at (lon, lat)."""
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class Town:
    """A tiny district: one street, two communities, three grids, three departments, items."""

    district: District
    street: Street
    communities: list[Community]
    grids: list[Grid]
    departments: dict[str, Department]
    items: dict[str, Item]


def town(session: Session) -> Town:
    """Build and flush a tiny district with one item per limit unit."""
    district = District(code="330100", name="测试区", boundary=square(120.0, 30.0, 0.03))
    street = Street(district=district, code="330100001", name="望江街道", kind="street")
    communities = [
        Community(street=street, code=f"330100001{n:03d}", name=name, kind="community")
        for n, name in ((1, "翠苑社区"), (2, "石桥社区"))
    ]
    grids = [
        Grid(community=communities[n // 2], code=f"{communities[n // 2].code}{n + 1:03d}",
             name=f"第{n + 1}网格", boundary=square(120.0 + n * 0.01, 30.0),
             lon=120.005 + n * 0.01, lat=30.005, households=500, residents=1300,
             head="李强", workers=["张伟", "刘洋"])
        for n in range(3)
    ]
    departments = {
        code: Department(code=code, name=name, short_name=short)
        for code, name, short in (("D01", "区城市管理局", "城管"), ("D02", "公安分局", "公安"),
                                  ("D03", "区水利局", "水利"))
    }
    classes = {kind: ItemClass(code=kind.value[:2].upper(), kind=kind, name=name)
               for kind, name in ((ClassKind.ENFORCEMENT, "综合执法"),
                                  (ClassKind.SERVICE, "管理服务"),
                                  (ClassKind.EMERGENCY, "应急处置"))}
    items = {
        "construction": Item(item_class=classes[ClassKind.ENFORCEMENT], code="ZF01",
                             name="违法建设", lead_department=departments["D01"],
                             response_amount=1, response_unit=LimitUnit.WORK_DAYS,
                             resolution_amount=15, resolution_unit=LimitUnit.WORK_DAYS),
        "street": Item(item_class=classes[ClassKind.SERVICE], code="GL01", name="道路不洁",
                       lead_department=departments["D01"],
                       response_amount=1, response_unit=LimitUnit.WORK_HOURS,
                       resolution_amount=5, resolution_unit=LimitUnit.WORK_HOURS),
        "flood": Item(item_class=classes[ClassKind.EMERGENCY], code="YJ01", name="积水内涝",
                      lead_department=departments["D03"],
                      response_amount=0.5, response_unit=LimitUnit.HOURS,
                      resolution_amount=24, resolution_unit=LimitUnit.HOURS),
    }
    session.add_all([district, *departments.values(), *items.values()])
    session.flush()
    return Town(district, street, communities, grids, departments, items)


EAST = "330100002"  # the second street's code


def second_street(session: Session, place: Town) -> Street:
    """Add and flush a second street, 江南街道, with one community and one grid east of the
    town's three: the town's fourth grid (`place.grids[3]`)."""
    street = Street(district=place.district, code=EAST, name="江南街道", kind="street")
    community = Community(street=street, code=f"{EAST}001", name="东湖社区", kind="community")
    place.grids.append(Grid(community=community, code=f"{EAST}001001", name="东1网格",
                            boundary=square(120.03, 30.0), lon=120.035, lat=30.005))
    session.add(street)
    session.flush()
    return street


def reported(session: Session, rules: moves.Rules, place: Town, *, at: datetime,
             item: str = "street", grid: int = 0, priority: Priority = Priority.NORMAL,
             lon: float | None = None, lat: float | None = None,
             source: Source = Source.PATROL) -> Incident:
    """A new incident in state `reported`."""
    content = reports.Report(title="路面有积水和垃圾", item=place.items[item],
                             grid=place.grids[grid], source=source, priority=priority,
                             description="请尽快处理", lon=lon, lat=lat, reporter="市民 陈女士")
    return reports.report(session, rules, content, CENTRE, at=at)


def dispatched(session: Session, rules: moves.Rules, place: Town, *, at: datetime,
               item: str = "street", priority: Priority = Priority.NORMAL) -> Incident:
    """An incident accepted and dispatched to its item's lead department at `at`."""
    incident = reported(session, rules, place, at=at, item=item, priority=priority)
    moves.accept(session, incident, CENTRE, at=at)
    moves.dispatch(session, incident, CENTRE, rules, lead=place.items[item].lead_department,
                   at=at)
    return incident


def handled(session: Session, rules: moves.Rules, place: Town, at: datetime, *,
            item: str = "flood", grid: int = 0, signed: timedelta | None = None) -> Incident:
    """An incident reported, accepted and dispatched at `at`, and signed for `signed` later."""
    incident = reported(session, rules, place, at=at, item=item, grid=grid)
    moves.accept(session, incident, CENTRE, at=at)
    moves.dispatch(session, incident, CENTRE, rules, lead=place.items[item].lead_department,
                   at=at)
    if signed is not None:
        moves.sign(session, incident, DEPARTMENT, at=at + signed)
    return incident


def item_with_limits(session: Session, place: Town, key: str, *,
                     response: tuple[float, LimitUnit],
                     resolution: tuple[float, LimitUnit]) -> Item:
    """Add a service item with the given (amount, unit) limits to the town, as `key`."""
    service = place.items["street"]
    item = Item(item_class=service.item_class, code=f"GL{len(place.items) + 1:02d}",
                name=f"测试事项{key}", lead_department=service.lead_department,
                response_amount=response[0], response_unit=response[1],
                resolution_amount=resolution[0], resolution_unit=resolution[1])
    session.add(item)
    session.flush()
    place.items[key] = item
    return item


def standing_overdue(session: Session, rules: moves.Rules, place: Town, *,
                     at: datetime) -> Alert:
    """An overdue alert raised by the scan at `at`: a flood signed for but left unresolved."""
    incident = handled(session, rules, place, at - timedelta(hours=25),
                       signed=timedelta(minutes=10))
    alerts.scan(session, at, alerts.Policy())
    session.commit()
    return session.scalars(select(Alert).where(Alert.incident_id == incident.id,
                                               Alert.kind == AlertKind.OVERDUE)).one()
