"""Who may do what through the API (PRODUCT §11): people by role, sources by kind.

A refusal is 403 and names the role or the kind needed; an incident a source may not see is
404 to it, as if there were none, so its code tells a source nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import auth
from dashboard.api.errors import ApiError
from data.domain import Role, Source
from data.incidents import listing
from data.incidents.trail import Actor
from data.models import Department, Incident
from data.people import access

# The command centre's desk work (PRODUCT §7): a person of the duty role, or a token made for one.
CENTRE_MOVES = frozenset({"accept", "reject", "merge", "dispatch", "self-handle", "return",
                          "verify", "close", "grant-extension", "refuse-extension", "park",
                          "resume"})
# A department's answers: its own system, on incidents it leads; the centre may record them too.
DEPARTMENT_MOVES = frozenset({"sign", "send-back", "resolve", "request-extension"})


def caller() -> auth.Principal:
    """Whoever the request speaks for; the guard has made sure there is someone."""
    principal = auth.api_principal()
    if principal is None:
        raise ApiError(401, "unauthenticated", "sign in, or send Authorization: Bearer <token>")
    return principal


def actor(principal: auth.Principal) -> Actor:
    """Who the trail records: the person, or the source system by name."""
    if principal.source is not None:
        return Actor.system(principal.name)
    return Actor.person(principal.name)


def reporter() -> auth.Principal:
    """The source reporting; people report through their own systems' sources."""
    principal = caller()
    if principal.source is None:
        raise ApiError(403, "forbidden", "reporting needs a source system's token "
                       "(any kind: patrol, resident, hotline, iot, department, leader)")
    return principal


def reader(session: Session) -> listing.Visible:
    """What the caller may read: everything (leader and above), or a source's own."""
    principal = caller()
    if principal.source is None:
        if not access.includes(principal.role, Role.LEADER):
            raise ApiError(403, "forbidden", f"reading incidents needs the role leader or above, "
                           f"or a source's token; {principal.name} has {principal.role}")
        return listing.Visible()
    department_id = (session.scalar(select(Department.id).where(
        Department.code == principal.department)) if principal.department else None)
    return listing.Visible(everything=False, reported_by=principal.name,
                           department_id=department_id)


def sees(session: Session, incident: Incident) -> bool:
    """Whether the caller may know of `incident`: people yes (their role decides what they
    may do with it), a source only what it reported or its department leads."""
    principal = caller()
    return principal.source is None or listing.visible_to(incident, reader(session))


def catalog_reader() -> None:
    """The catalog and figures: any source, or leader and above."""
    principal = caller()
    if principal.source is None and not access.includes(principal.role, Role.LEADER):
        raise ApiError(403, "forbidden", "this needs the role leader or above, or a source's "
                       f"token; {principal.name} has {principal.role}")


def mover(move: str, incident: Incident) -> auth.Principal:
    """The caller, if it may make `move` on `incident`; else a 403 naming what is needed."""
    principal = caller()
    if principal.source is None:
        if access.includes(principal.role, Role.DUTY):
            return principal
        raise ApiError(403, "forbidden", f"{move} needs the role duty or above; "
                       f"{principal.name} has {principal.role}")
    if move in DEPARTMENT_MOVES and principal.source == Source.DEPARTMENT:
        lead = incident.lead_department
        if lead is not None and lead.code == principal.department:
            return principal
        raise ApiError(403, "forbidden", f"{move} on {incident.code} needs the system of its "
                       f"lead department ({lead.code if lead else 'none yet'}); "
                       f"{principal.name} is {principal.department}'s")
    if (move == "close" and principal.source == Source.HOTLINE
            and incident.source_system == principal.name):
        return principal  # 12345 records the callbacks of what it reported
    needed = ("a department source of the incident's lead department, or the role duty"
              if move in DEPARTMENT_MOVES else
              "the role duty (or a hotline source, on what it reported)" if move == "close" else
              "the role duty or above")
    raise ApiError(403, "forbidden", f"{move} needs {needed}; source {principal.name} is of "
                   f"kind {principal.source}")
