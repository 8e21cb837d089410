"""Keep the demo district alive in real time through the same moves a real centre makes."""

from __future__ import annotations

import logging
import math
import random
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from data import clock
from data.demo.story import HOURLY, Cast, resolution_fraction, sign_fraction
from data.domain import FINAL_STATES, LimitUnit, Source, State
from data.incidents import deadlines, holds, moves, reports
from data.models import Incident

logger = logging.getLogger(__name__)

MINUTE = timedelta(minutes=1)
# New reports an hour on average: the history's 150–400 a day, so that the live district
# goes on at the pace its history set and no chart jumps when the simulator starts.
DEFAULT_RATE = 12.0
# How long, on average, the centre takes over each step it owns.
CENTRE_WAIT = {State.REPORTED: 3 * MINUTE, State.ACCEPTED: 6 * MINUTE,
               State.RESOLVED: 45 * MINUTE, State.VERIFIED: 60 * MINUTE,
               State.PARKED: timedelta(days=2)}


# An incident the simulator finds further on than any fate would leave it (past every late
# point the history draws) is settled after a wait of this mean, not in one round.
BACKLOG_WAIT = timedelta(days=1)


class Simulator:
    """New reports at a steady rate, and every open incident moved on at plausible times.

    A dispatch is signed, and an incident resolved, at a point of the time allowed drawn the
    way the history draws it, from the incident's own code: the district keeps the share of
    late work its history has, whatever the rate or the tick, and a restart keeps each fate.
    """

    def __init__(self, rules: moves.Rules, cast: Cast, rate_per_hour: float) -> None:
        self.rules, self.cast, self.rate = rules, cast, rate_per_hour
        self.rng = cast.rng
        self._planned: dict[tuple, datetime] = {}

    def step(self, session: Session, now: datetime, elapsed: timedelta) -> int:
        """Play `elapsed` of life ending at `now`; return the moves made. The caller commits."""
        made = 0
        planned, self._planned = self._planned, {}
        for incident in session.scalars(select(Incident).where(
                Incident.state.not_in([*FINAL_STATES])).order_by(Incident.id)):
            move = self._due_move(incident, now, elapsed, planned)
            if move is not None:
                move(session, incident, now)
                made += 1
        hourly = HOURLY[now.astimezone(self.rules.calendar.zone).hour] / (sum(HOURLY) / 24)
        for _ in range(self._poisson(self.rate * hourly * elapsed.total_seconds() / 3600)):
            content, actor = self.cast.report()
            reports.report(session, self.rules, content, actor, at=now)
            made += 1
        return made

    def _due_move(self, incident: Incident, now: datetime, elapsed: timedelta,
                  planned: dict[tuple, datetime]) -> Callable | None:
        state = incident.state
        if state == State.DISPATCHED:
            when = self._when(incident, State.DISPATCHED, now, elapsed, planned)
            return self._sign if when <= now else None
        if state == State.IN_PROGRESS:
            if incident.pending_extension is not None:
                return self._decide if self._happens(elapsed, 30 * MINUTE) else None
            deadline = incident.resolution_deadline
            if deadline and now < deadline and self._happens(elapsed, timedelta(days=30)):
                return self._ask_for_time
            return self._resolve if self._when(incident, State.IN_PROGRESS, now, elapsed,
                                               planned) <= now else None
        if state in CENTRE_WAIT and self._happens(elapsed, CENTRE_WAIT[state]):
            return {State.REPORTED: self._accept, State.ACCEPTED: self._dispatch,
                    State.RESOLVED: self._verify, State.VERIFIED: self._close,
                    State.PARKED: self._resume}[state]
        return None

    def _when(self, incident: Incident, state: State, now: datetime, elapsed: timedelta,
              planned: dict[tuple, datetime]) -> datetime:
        """When the department signs (dispatched) or resolves (in progress) the incident."""
        signing = state == State.DISPATCHED
        deadline = incident.response_deadline if signing else incident.resolution_deadline
        key = (incident.id, state, incident.return_count, incident.send_back_count, deadline)
        if key in planned:
            self._planned[key] = planned[key]
            return planned[key]
        start = incident.dispatched_at
        if deadline is None or start is None or deadline <= start:  # fixed on the spot again
            when = now + timedelta(seconds=self.rng.expovariate(1 / 3600))
        else:
            unit = incident.item.response_unit if signing else incident.item.resolution_unit
            when = self._fated(incident, key, start, deadline, unit, now - elapsed)
        self._planned[key] = when
        return when

    def _fated(self, incident: Incident, key: tuple, start: datetime, deadline: datetime,
               unit: LimitUnit, seen: datetime) -> datetime:
        """The point of the window its fate gives; one it has already passed is redrawn."""
        calendar = self.rules.calendar
        fate = random.Random(f"{incident.code}:{key[1:4]}")
        draw = sign_fraction if key[1] == State.DISPATCHED else resolution_fraction
        when = deadlines.due_soon_between(calendar, start, deadline, unit, draw(fate))
        if when >= seen:
            return when
        # The history left it open past that point: its fate lies beyond where it stands.
        if unit == LimitUnit.HOURS:
            reached = (seen - start) / (deadline - start)
        else:
            reached = (calendar.work_minutes_between(start, seen)
                       / max(calendar.work_minutes_between(start, deadline), 1))
        for _ in range(50):
            fraction = draw(fate)
            if fraction > reached:
                return deadlines.due_soon_between(calendar, start, deadline, unit, fraction)
        return seen + timedelta(seconds=self.rng.expovariate(1 / BACKLOG_WAIT.total_seconds()))

    def _accept(self, s: Session, incident: Incident, now: datetime) -> None:
        found = reports.duplicates_of(s, self.rules, incident)
        if found:
            reports.merge(s, incident, s.get(Incident, found[0][0].id), self.cast.centre(),
                          at=now)
        elif self.rng.random() < 0.03:
            moves.reject(s, incident, self.cast.centre(), reason="不属于受理范围", at=now)
        else:
            moves.accept(s, incident, self.cast.centre(), at=now)

    def _dispatch(self, s: Session, incident: Incident, now: datetime) -> None:
        if self.rng.random() < (0.5 if incident.source == Source.PATROL else 0.08):
            moves.self_handle(s, incident, self.cast.department(None),
                              level=self.cast.local_level(), at=now)
        else:
            moves.dispatch(s, incident, self.cast.centre(), self.rules,
                           lead=incident.item.lead_department, at=now)

    def _sign(self, s: Session, incident: Incident, now: datetime) -> None:
        moves.sign(s, incident, self.cast.department(incident.lead_department), at=now)

    def _resolve(self, s: Session, incident: Incident, now: datetime) -> None:
        moves.resolve(s, incident, self.cast.department(incident.lead_department), at=now,
                      level=self.cast.level_of(incident))

    def _ask_for_time(self, s: Session, incident: Incident, now: datetime) -> None:
        holds.request_extension(s, incident, self.cast.department(incident.lead_department),
                                amount=1, unit=LimitUnit.WORK_DAYS, reason="需协调相关单位",
                                at=now)

    def _decide(self, s: Session, incident: Incident, now: datetime) -> None:
        late = incident.resolution_deadline is not None and now > incident.resolution_deadline
        if not late and self.rng.random() < 0.8:
            holds.grant_extension(s, incident, self.cast.centre(), self.rules, at=now)
        else:
            holds.refuse_extension(s, incident, self.cast.centre(),
                                   reason="已过办理时限" if late else "可按期办结", at=now)

    def _verify(self, s: Session, incident: Incident, now: datetime) -> None:
        if self.rng.random() < 0.05:
            moves.rework(s, incident, self.cast.centre(), reason="核查发现问题未彻底解决", at=now)
        else:
            moves.verify(s, incident, self.cast.centre(), at=now)

    def _close(self, s: Session, incident: Incident, now: datetime) -> None:
        moves.close(s, incident, self.cast.centre(),
                    callback=self.cast.callback(incident.return_count > 0), at=now)

    def _resume(self, s: Session, incident: Incident, now: datetime) -> None:
        holds.resume(s, incident, self.cast.centre(), self.rules, at=now)

    def _happens(self, elapsed: timedelta, mean_wait: timedelta) -> bool:
        # A memoryless wait: the chance the step happens within `elapsed`.
        mean = max(mean_wait.total_seconds(), 1.0)
        return self.rng.random() < 1 - math.exp(-elapsed.total_seconds() / mean)

    def _poisson(self, mean: float) -> int:
        limit, count, product = math.exp(-mean), 0, self.rng.random()
        while product > limit:
            count += 1
            product *= self.rng.random()
        return count


def run(factory: sessionmaker[Session], rules: moves.Rules, *, rate_per_hour: float,
        stop: threading.Event, tick: float = 5.0, seed: int | None = None,
        between_ticks: Callable[[], object] | None = None) -> None:
    """Run the simulator every `tick` seconds until `stop` is set; each tick commits once.

    `between_ticks` runs before each tick: a process of its own keeps its rules' calendar in
    step with the store with it, so days entered meanwhile count without a restart.
    """
    with factory() as session:
        simulator = Simulator(rules, Cast.from_store(session, random.Random(seed)), rate_per_hour)
        last = clock.now()
        while not stop.wait(tick):
            now = clock.now()
            try:
                if between_ticks is not None:
                    between_ticks()
                made = simulator.step(session, now, now - last)
                session.commit()
                logger.debug("simulator made %d moves", made)
            except Exception:
                session.rollback()
                logger.exception("simulator tick failed; it goes on at the next tick")
            last = now
            simulator.cast.forget_incidents(session)
