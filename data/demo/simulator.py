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
from data.demo.story import HOURLY, Cast
from data.domain import FINAL_STATES, LimitUnit, Source, State
from data.incidents import holds, moves, reports
from data.models import Incident

logger = logging.getLogger(__name__)

MINUTE = timedelta(minutes=1)
# How long, on average, the centre takes over each step it owns.
CENTRE_WAIT = {State.REPORTED: 3 * MINUTE, State.ACCEPTED: 6 * MINUTE,
               State.RESOLVED: 45 * MINUTE, State.VERIFIED: 60 * MINUTE,
               State.PARKED: timedelta(days=2)}


class Simulator:
    """New reports at a steady rate, and every open incident moved on at plausible times."""

    def __init__(self, rules: moves.Rules, cast: Cast, rate_per_hour: float) -> None:
        self.rules, self.cast, self.rate = rules, cast, rate_per_hour
        self.rng = cast.rng

    def step(self, session: Session, now: datetime, elapsed: timedelta) -> int:
        """Play `elapsed` of life ending at `now`; return the moves made. The caller commits."""
        made = 0
        for incident in session.scalars(select(Incident).where(
                Incident.state.not_in([*FINAL_STATES])).order_by(Incident.id)):
            move = self._due_move(incident, now, elapsed)
            if move is not None:
                move(session, incident, now)
                made += 1
        hourly = HOURLY[now.astimezone(self.rules.calendar.zone).hour] / (sum(HOURLY) / 24)
        for _ in range(self._poisson(self.rate * hourly * elapsed.total_seconds() / 3600)):
            content, actor = self.cast.report()
            reports.report(session, self.rules, content, actor, at=now)
            made += 1
        return made

    def _due_move(self, incident: Incident, now: datetime, elapsed: timedelta) -> Callable | None:
        state = incident.state
        if state == State.DISPATCHED:
            wait = (incident.response_deadline - incident.dispatched_at) * 0.5
            return self._sign if self._happens(elapsed, wait) else None
        if state == State.IN_PROGRESS:
            if incident.pending_extension is not None:
                return self._decide if self._happens(elapsed, 30 * MINUTE) else None
            deadline = incident.resolution_deadline
            left = deadline - now if deadline else timedelta(hours=2)
            if deadline and now < deadline and self._happens(elapsed, timedelta(days=30)):
                return self._ask_for_time
            return self._resolve if self._happens(elapsed, max(left * 0.6, 20 * MINUTE)) else None
        if state in CENTRE_WAIT and self._happens(elapsed, CENTRE_WAIT[state]):
            return {State.REPORTED: self._accept, State.ACCEPTED: self._dispatch,
                    State.RESOLVED: self._verify, State.VERIFIED: self._close,
                    State.PARKED: self._resume}[state]
        return None

    def _accept(self, s: Session, incident: Incident, now: datetime) -> None:
        found = reports.duplicates_of(s, self.rules, incident)
        if found:
            reports.merge(s, incident, found[0][0], self.cast.centre(), at=now)
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
