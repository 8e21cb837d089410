"""Every incident's life in a run of reports, drawn at once as the demo history plays one.

The shares and waits are those of `data.demo.history.Life`; the deadlines are what
`data.incidents.moves` and `data.incidents.holds` compute, through the vectorised work clock.
Each move comes at least a minute after the one before, so a life's moves are in time order.
"""

from __future__ import annotations

import json

import numpy as np

from bench.cast import PATROL, PRIORITY_VALUES, SOURCE_VALUES, SYSTEM_OF
from bench.draws import DAY, HOUR, MINUTE, Draws
from bench.trail import NULL, Move
from bench.words import NOTES, boolean, document, iso, nullable, number, objects, string

RATINGS = objects(["satisfied", "basic", "dissatisfied"])
# A backlog: some of the last weeks' dispatched incidents are still with their department
# now (a few not even signed for), most of them overdue; the demo's lives alone leave too few.
BACKLOG_DAYS, BACKLOG_SHARE, UNSIGNED_SHARE = 28, 0.17, 0.15


class Lives(Draws):
    """The moves of every incident of a run of reports, in path order."""

    def draw(self) -> list[Move]:
        """Report, then merge, reject, handle on the spot or dispatch, and close."""
        r, n = self.r, self.n
        self.make("report", np.ones(n, bool), r.reported, "reported", self.reporter(),
                  system=objects(SYSTEM_OF)[r.source] != None,  # noqa: E711
                  data=lambda rows: document(
                      source=string(objects(SOURCE_VALUES)[r.source[rows]]),
                      priority=string(objects(PRIORITY_VALUES)[r.priority[rows]]),
                      item=string(objects(self.cast.item_codes)[r.item[rows]]),
                      grid=string(objects(self.cast.grid_codes)[r.grid[rows]])))
        merged = r.merged
        repeated = np.zeros(n, bool)
        repeated[r.target[merged]] = True
        rejected = self.chance(0.03) & ~merged & ~repeated
        accepted = ~merged & ~rejected
        at = self.wait(2, 25, MINUTE)
        into = objects(r.codes)[np.maximum(r.target, 0)]
        self.make("merge", merged, at, "merged", self.centre,
                  note=lambda rows: "与 " + into[rows] + " 为同一问题",
                  data=lambda rows: document(into=string(into[rows])),
                  sets={"merged_into": r.target})
        self.make("reject", rejected, at, "rejected", self.centre, note=NOTES["reject"])
        self.make("accept", accepted, at, "accepted", self.centre, sets={"accepted_at": at})
        on_spot = accepted & self.chance(np.where(r.source == PATROL, 0.55, 0.08))
        at = self.wait(20, 240, MINUTE)
        level = self.local_level()
        self.make("self_handle", on_spot, at, "resolved", self.staff(np.full(n, NULL)),
                  note=NOTES["self_handle"], data=lambda rows: document(
                      level=string(level[rows]), returns=number(np.zeros(len(rows)))),
                  sets={"resolved_at": at, "resolution_level": level})
        handled, lead, due, dispatched = self.handle(accepted & ~on_spot)
        self.close(on_spot | handled, on_spot, np.where(on_spot, NULL, lead), due,
                   np.where(on_spot, NULL, dispatched))
        return self.moves

    def handle(self, mask: np.ndarray) -> tuple[np.ndarray, ...]:
        """Dispatch, sign, perhaps park or extend, resolve: who resolved, lead, deadline, and
        when the standing dispatch was made."""
        clock, cast = self.clock, self.cast
        right = cast.item_lead[self.r.item]
        wrong = mask & self.chance(0.03)
        first = np.where(wrong, self.other(right), right)
        self.dispatch(mask, self.wait(3, 30, MINUTE), first)
        at = self.wait(10, 90, MINUTE)
        self.make("send_back", wrong, at, "accepted", self.staff(first), department=first,
                  note=NOTES["send_back"], sets={
                      "lead": NULL, "co": NULL, "dispatched_at": NULL, "signed_at": NULL,
                      "response_deadline": NULL, "resolution_deadline": NULL,
                      "due_soon_at": NULL, "pending_extension": None, "send_back_count": 1})
        self.dispatch(wrong, self.wait(3, 30, MINUTE), right)
        start = self.last.copy()  # the last dispatch
        respond, due, soon = self.limits(start)
        stuck = mask & (self.r.reported >= self.now - BACKLOG_DAYS * DAY)
        stuck &= self.chance(BACKLOG_SHARE)
        late = self.chance(0.1)
        at = self.after(clock.point(start, respond, self.response_natural,
                                    np.where(late, self.u(1.1, 3), self.u(0.1, 0.9))))
        at = np.where(stuck & self.chance(UNSIGNED_SHARE), np.maximum(at, self.now + DAY), at)
        self.make("sign", mask, at, "in_progress", self.staff(right), department=right,
                  data=lambda rows: document(on_time=boolean(at[rows] <= respond[rows])),
                  sets={"signed_at": at})
        parked = mask & self.chance(0.015)
        parked_at = self.after(clock.point(start, due, self.natural, self.u(0.2, 0.5)))
        self.make("park", parked, parked_at, "parked", self.centre, department=right,
                  note=NOTES["park"], sets={"parked_at": parked_at})
        resumed = parked & self.chance(0.3)  # the rest still wait for a budget
        at = self.wait(2, 10, DAY)
        moved = [clock.shift(d, parked_at, at, natural) for d, natural in
                 ((respond, self.response_natural), (due, self.natural), (soon, self.natural))]
        self.make("resume", resumed, at, "in_progress", self.centre, department=right,
                  note=NOTES["resume"], data=lambda rows: document(
                      parked_seconds=number(at[rows] - parked_at[rows]),
                      resolution_deadline=string(iso(moved[1][rows])),
                      due_soon_at=string(iso(moved[2][rows]))),
                  sets={"parked_at": NULL, "response_deadline": moved[0],
                        "resolution_deadline": moved[1], "due_soon_at": moved[2]})
        respond, due, soon = (np.where(resumed, m, d) for m, d in zip(moved, (respond, due, soon),
                                                                     strict=True))
        going = mask & ~(parked & ~resumed)
        due, soon = self.extend(going, start, right, due, soon, stuck)
        at = self.after(clock.point(start, due, self.natural,
                                    np.where(self.chance(0.13), self.u(1.02, 2.5),
                                             self.u(0.15, 0.95))))
        at = np.where(stuck, np.maximum(at, self.now + DAY), at)
        self.make("resolve", going, at, "resolved", self.staff(right), department=right,
                  data=lambda rows: document(
                      level=string(np.full(len(rows), "district", object)),
                      resolution_deadline=string(iso(due[rows])),
                      on_time=boolean(at[rows] <= due[rows]),
                      dispatched_at=string(iso(start[rows])),
                      returns=number(np.zeros(len(rows)))),
                  sets={"resolved_at": at, "resolution_level": "district",
                        "pending_extension": None})
        return going, right, due, start

    def dispatch(self, mask: np.ndarray, at: np.ndarray, lead: np.ndarray) -> None:
        """Dispatch to `lead`, with a co-handler one time in ten; start both clocks."""
        co = np.where(self.chance(0.1), self.other(lead), NULL)
        respond, due, soon = self.limits(at)
        codes = objects(self.cast.department_codes)
        listed = np.where(co == NULL, "[]", '["' + codes[co] + '"]')
        self.make("dispatch", mask, at, "dispatched", self.centre, department=lead,
                  data=lambda rows: document(
                      lead=string(codes[lead[rows]]), co=listed[rows],
                      response_deadline=string(iso(respond[rows])),
                      resolution_deadline=string(iso(due[rows])),
                      due_soon_at=string(iso(soon[rows]))),
                  sets={"lead": lead, "co": co, "dispatched_at": at, "signed_at": NULL,
                        "response_deadline": respond, "resolution_deadline": due,
                        "due_soon_at": soon})

    def extend(self, mask: np.ndarray, start: np.ndarray, lead: np.ndarray, due: np.ndarray,
               soon: np.ndarray, stuck: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Some ask for more time; the centre grants most (the backlog's asks still wait)."""
        n, clock = self.n, self.clock
        asks = mask & self.chance(0.06)
        at = self.after(clock.point(start, due, self.natural, self.u(0.5, 0.75)))
        amount = self.rng.integers(1, 4, n)
        rows = np.flatnonzero(asks)
        actor, pending = np.full(n, None, object), np.full(n, None, object)
        actor[rows] = self.staff(lead)(rows)
        pending[rows] = [json.dumps({"amount": int(a), "unit": "work_days",
                                     "reason": NOTES["request_extension"], "requested_at": t,
                                     "requested_by": name})
                         for a, t, name in zip(amount[rows], iso(at[rows]), actor[rows],
                                               strict=True)]
        unit = objects(["work_days"] * n)
        self.make("request_extension", asks, at, None, actor, department=lead,
                  note=NOTES["request_extension"],
                  data=lambda r: document(amount=number(amount[r]), unit=string(unit[r])),
                  sets={"pending_extension": pending})
        at = self.wait(30, 180, MINUTE)
        at = np.where(stuck, np.maximum(at, self.now + DAY), at)
        # Granted before the deadline only: the product takes a late grant (data.incidents.
        # holds) but judges it late; the generated history has none.
        grant = asks & self.chance(0.8) & (at <= due)
        longer = clock.add(due, amount * clock.day_seconds, np.zeros(n, bool))
        sooner = clock.due_soon(start, longer, self.natural)
        self.make("grant_extension", grant, at, None, self.centre, department=lead,
                  data=lambda r: document(**{
                      "amount": number(amount[r]), "unit": string(unit[r]),
                      "from": string(iso(due[r])), "to": string(iso(longer[r])),
                      "due_soon_at": string(iso(sooner[r]))}),
                  sets={"resolution_deadline": longer, "due_soon_at": sooner,
                        "extension_count": 1, "pending_extension": None})
        self.make("refuse_extension", asks & ~grant, at, None, self.centre, department=lead,
                  note=NOTES["refuse_extension"], sets={"pending_extension": None})
        return np.where(grant, longer, due), np.where(grant, sooner, soon)

    def close(self, mask: np.ndarray, on_spot: np.ndarray, lead: np.ndarray,
              due: np.ndarray, dispatched: np.ndarray) -> None:
        """Verify and close with the callback, after a return to the handler one time in 20."""
        n, rng = self.n, self.rng
        returned = mask & self.chance(0.05)
        first = self.wait(1, 24, HOUR)
        self.make("return", returned, first, "in_progress", self.centre, department=lead,
                  note=NOTES["return"],
                  sets={"resolved_at": NULL, "resolution_level": None, "return_count": 1})
        at = self.wait(4, 48, HOUR)
        level = np.where(on_spot, self.local_level(), "district").astype(object)
        deadline = np.where(on_spot, NULL, due)
        self.make("resolve", returned, at, "resolved", self.staff(lead), department=lead,
                  data=lambda r: document(
                      level=string(level[r]), resolution_deadline=nullable(iso(deadline[r])),
                      on_time=boolean((deadline[r] == NULL) | (at[r] <= deadline[r])),
                      dispatched_at=nullable(iso(dispatched[r])),
                      returns=number(np.ones(len(r)))),
                  sets={"resolved_at": at, "resolution_level": level, "pending_extension": None})
        verified = np.where(returned, self.wait(1, 24, HOUR), first)
        self.make("verify", mask, verified, "verified", self.centre, note=NOTES["verify"],
                  sets={"verified_at": verified})
        at = self.wait(1, 48, HOUR)
        reached = self.chance(0.93)
        solved = self.chance(np.where(returned, 0.75, 0.92))
        rating = np.where(solved, RATINGS[rng.choice(3, n, p=[0.8, 0.16, 0.04])],
                          RATINGS[rng.choice([1, 2], n, p=[0.35, 0.65])])
        rating[self.chance(0.03) | ~reached] = None
        answered = np.where(reached, solved.astype(object), None)
        self.make("close", mask, at, "closed", self.centre, department=lead,
                  data=lambda r: document(
                      reached=boolean(reached[r]),
                      solved=np.where(reached[r], boolean(solved[r]), "null").astype(object),
                      rating=nullable(rating[r])),
                  sets={"closed_at": at, "callback_reached": reached.astype(object),
                        "callback_solved": answered, "rating": rating})
