"""Days of demo history, made by playing each incident's life through the real moves."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from data.demo.story import HOURLY, Cast, resolution_fraction, sign_fraction
from data.domain import LimitUnit
from data.incidents import deadlines, holds, moves, reports
from data.models import Department, Incident


class _Now(Exception):
    """The life has reached the present; the rest has not happened yet."""


class Life:
    """One incident's life: each move at a plausible time, until the present stops it."""

    def __init__(self, session: Session, rules: moves.Rules, cast: Cast, now: datetime) -> None:
        self.session, self.rules, self.cast, self.now = session, rules, cast, now
        self.rng = cast.rng
        self.at = now

    def play(self, reported_at: datetime, near: reports.Report | None) -> reports.Report:
        """Report a matter at `reported_at` and live its life up to now; return the report."""
        content, actor = self.cast.report(near)
        self.at = reported_at
        incident = reports.report(self.session, self.rules, content, actor, at=reported_at)
        try:
            self._live(incident, near is not None)
        except _Now:
            pass
        return content

    def _live(self, incident: Incident, repeated: bool) -> None:
        s, cast, rng = self.session, self.cast, self.rng
        self._wait(minutes=rng.uniform(2, 25))
        if repeated:
            found = reports.duplicates_of(s, self.rules, incident)
            if found:
                reports.merge(s, incident, s.get(Incident, found[0][0].id), cast.centre(),
                              at=self.at, note=f"与 {found[0][0].code} 为同一问题")
                return
        if rng.random() < 0.03:
            moves.reject(s, incident, cast.centre(), reason="不属于受理范围，已告知来电人",
                         at=self.at)
            return
        moves.accept(s, incident, cast.centre(), at=self.at)
        if rng.random() < (0.55 if incident.source == "patrol" else 0.08):
            self._wait(minutes=rng.uniform(20, 240))
            moves.self_handle(s, incident, cast.department(None), level=cast.local_level(),
                              at=self.at, note="现场处置完毕")
        else:
            self._handle(incident)
        self._close(incident)

    def _handle(self, incident: Incident) -> None:
        s, cast, rng = self.session, self.cast, self.rng
        right = incident.item.lead_department
        wrong = rng.random() < 0.03
        self._dispatch(incident, self._other(right) if wrong else right)
        if wrong:
            self._wait(minutes=rng.uniform(10, 90))
            moves.send_back(s, incident, cast.department(incident.lead_department),
                            reason="不属于本部门职责", at=self.at)
            self._dispatch(incident, right)
        if rng.random() < 0.015:
            self._at_fraction(incident, rng.uniform(0.2, 0.5))
            holds.park(s, incident, cast.centre(), reason="需财政资金立项，纳入挂账管理",
                       at=self.at)
            if rng.random() > 0.3:
                raise _Now  # still parked, waiting for a budget
            self._wait(days=rng.uniform(2, 10))
            holds.resume(s, incident, cast.centre(), self.rules, at=self.at, note="资金已落实")
        if rng.random() < 0.06:
            self._at_fraction(incident, rng.uniform(0.5, 0.75))
            holds.request_extension(s, incident, cast.department(incident.lead_department),
                                    amount=rng.choice([1, 2, 3]), unit=LimitUnit.WORK_DAYS,
                                    reason="涉及多方协调，需延长办理时限", at=self.at)
            self._wait(minutes=rng.uniform(30, 180))
            if self.at > incident.resolution_deadline:
                holds.refuse_extension(s, incident, cast.centre(), reason="已超过办理时限",
                                       at=self.at)
            elif rng.random() < 0.8:
                holds.grant_extension(s, incident, cast.centre(), self.rules, at=self.at)
            else:
                holds.refuse_extension(s, incident, cast.centre(), reason="可按期办结", at=self.at)
        self._at_fraction(incident, resolution_fraction(rng))
        moves.resolve(s, incident, cast.department(incident.lead_department), at=self.at)

    def _dispatch(self, incident: Incident, lead: Department) -> None:
        s, cast, rng = self.session, self.cast, self.rng
        self._wait(minutes=rng.uniform(3, 30))
        co = [self._other(lead)] if rng.random() < 0.1 else []
        moves.dispatch(s, incident, cast.centre(), self.rules, lead=lead, co=co, at=self.at)
        self._until(self._point(incident.dispatched_at, incident.response_deadline,
                                incident.item.response_unit, sign_fraction(rng)))
        moves.sign(s, incident, cast.department(lead), at=self.at)

    def _close(self, incident: Incident) -> None:
        s, cast, rng = self.session, self.cast, self.rng
        self._wait(hours=rng.uniform(1, 24))
        returned = rng.random() < 0.05
        if returned:
            moves.rework(s, incident, cast.centre(), reason="核查发现问题未彻底解决", at=self.at)
            self._wait(hours=rng.uniform(4, 48))
            moves.resolve(s, incident, cast.department(incident.lead_department), at=self.at,
                          level=cast.level_of(incident))
            self._wait(hours=rng.uniform(1, 24))
        moves.verify(s, incident, cast.centre(), at=self.at, note="现场核查已整改")
        self._wait(hours=rng.uniform(1, 48))
        moves.close(s, incident, cast.centre(), callback=cast.callback(returned), at=self.at)

    def _other(self, department: Department) -> Department:
        return self.rng.choice([d for d in self.cast.departments if d.id != department.id])

    def _point(self, start: datetime, end: datetime, unit: LimitUnit, fraction: float) -> datetime:
        return deadlines.due_soon_between(self.rules.calendar, start, end, unit, fraction)

    def _at_fraction(self, incident: Incident, fraction: float) -> None:
        self._until(self._point(incident.dispatched_at, incident.resolution_deadline,
                                incident.item.resolution_unit, fraction))

    def _wait(self, **delay: float) -> None:
        self._until(self.at + timedelta(**delay))

    def _until(self, at: datetime) -> None:
        # Moves never go back in time: each comes at least a minute after the one before.
        self.at = max(at, self.at + timedelta(minutes=1))
        if self.at > self.now:
            raise _Now


def report_times(rng: random.Random, day_start: datetime, now: datetime) -> list[datetime]:
    """The moments of one day's reports: 150–400 a day, fewer at weekends, daytime peaks."""
    count = rng.randint(150, 400) * (0.8 if day_start.weekday() >= 5 else 1.0)
    hours = rng.choices(range(24), weights=HOURLY, k=int(count))
    times = (day_start + timedelta(hours=h, seconds=rng.uniform(0, 3600)) for h in hours)
    return sorted(t for t in times if t <= now)


def play_days(session: Session, rules: moves.Rules, cast: Cast, days: list[datetime],
              now: datetime, progress: Callable[[int], None] = lambda _: None) -> int:
    """Play every report of each local day in `days` up to now, committing a day at a time."""
    total = 0
    recent: deque[reports.Report] = deque(maxlen=40)
    for day_start in days:
        for at in report_times(cast.rng, day_start, now):
            near = cast.rng.choice(recent) if recent and cast.rng.random() < 0.03 else None
            recent.append(Life(session, rules, cast, now).play(at, near))
            total += 1
        session.commit()
        cast.forget_incidents(session)
        progress(1)
    return total
