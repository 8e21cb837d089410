"""The demo: load the demo district into an empty store and keep it alive with the simulator."""

from __future__ import annotations

import secrets
import threading
import time

from tqdm import tqdm

from dashboard.wiring import Wiring
from data import clock, queries, store
from data.demo import load, simulator
from data.domain import Role
from data.people import access, sign_in

DEMO_ACTOR = "demo"  # the name recorded for what the demo's start-up changes
DEMO_NAMES = {Role.DISPLAY: "演示大屏", Role.LEADER: "演示领导", Role.DUTY: "演示值班员",
              Role.ADMIN: "演示管理员", Role.DEPARTMENT: "演示联络员"}
# No 0/O, 1/l/I: the passwords are read off a console and typed.
ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def load_with_progress(wired: Wiring, seed: int, days: int) -> str:
    """Load the demo with a progress bar; return a line saying what it made."""
    started = time.perf_counter()
    with wired.sessions() as session:
        with tqdm(total=days, unit="day", desc="demo history") as bar:
            made = load.load_demo(session, wired.rules, seed=seed, days=days,
                                  now=clock.now(), progress=bar.update)
        counts = queries.store_counts(session)
    store.analyze(wired.engine)
    return (f"loaded {counts['grids']} grids, {made} incidents, {counts['events']} events "
            f"in {time.perf_counter() - started:.1f} s")


def start_simulator(wired: Wiring, rate_per_hour: float, tick: float) -> threading.Event:
    """Run the simulator in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=simulator.run, name="simulator", daemon=True,
        args=(wired.sessions, wired.rules),
        kwargs={"rate_per_hour": rate_per_hour, "stop": stop, "tick": tick,
                "between_ticks": wired.keep_calendar_in_step},
    )
    thread.start()
    return stop


def sign_in_sheet(wired: Wiring, base_url: str) -> str:
    """Give each role a demo user with a fresh password and the wall a fresh token; say so.

    The user for each role is named after it (admin, duty, leader, display, and department:
    a liaison of the department leading the most items, once the district has departments);
    earlier demo tokens are revoked, so only the wall address printed now opens the wall.
    """
    now = clock.now()
    with wired.sessions.begin() as session:
        busiest = queries.busiest_department(session)
        roles = (*access.RANKS, *((Role.DEPARTMENT,) if busiest else ()))
        passwords = {role: "-".join("".join(secrets.choice(ALPHABET) for _ in range(4))
                                    for _ in range(3)) for role in roles}
        for role, password in passwords.items():
            access.reset_user(session, role.value, DEMO_NAMES[role], role, password,
                              DEMO_ACTOR, now, busiest if role is Role.DEPARTMENT else None)
            sign_in.forgive(session, role.value)
        for row in access.tokens(session):
            if row.created_by == DEMO_ACTOR and row.revoked_at is None:
                access.revoke_token(session, row.id, DEMO_ACTOR, now)
        _, token = access.create_token(session, "演示大屏 demo wall", DEMO_ACTOR, now)
    rule = "─" * 72
    lines = [rule, f"  demo sign-in (演示账号)   {base_url}/login", rule,
             f"  {'role':<12}{'username':<12}password"]
    lines += [f"  {role.value:<12}{role.value:<12}{password}"
              + (f"   ({busiest})" if role is Role.DEPARTMENT else "")
              for role, password in passwords.items()]
    lines += ["", f"  wall (大屏)  {base_url}/wall?token={token}", rule]
    return "\n".join(lines)
