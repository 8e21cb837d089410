"""Finding incidents (/incidents) on a generated store: one page of each kind of search,
its count capped, and the deepest page a person would page to.

    python -m bench.finding [--incidents N] [--database sqlite|URL]
"""

from __future__ import annotations

import argparse
import statistics
import time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bench import stores
from data import store
from data.incidents import finding
from data.models import Department, Incident, Street

RUNS = 5
ZONE = ZoneInfo("Asia/Shanghai")


def searches(kept: stores.Store) -> dict[str, dict[str, str]]:
    """The searches timed: the default list, each filter kind, words, sorts and deep pages."""
    engine = kept.engine()
    with store.make_sessionmaker(engine)() as session:
        street = session.scalar(select(Street.code).order_by(Street.code).limit(1))
        department = session.scalar(select(Department.code).order_by(Department.code).limit(1))
        code = session.scalar(select(Incident.code).order_by(Incident.id.desc()).limit(1))
    engine.dispose()
    day = kept.now.astimezone(ZONE).date().isoformat()
    return {
        "newest first": {},
        "a code": {"q": code},
        "words in the title": {"q": "垃圾"},
        "words matching nothing": {"q": "没有这样的事"},
        "a street, dispatched": {"street": street, "state": "dispatched"},
        "a department, overdue": {"department": department, "flag": "overdue"},
        "today, urgent": {"from": day, "to": day, "priority": "urgent"},
        "supervised": {"flag": "supervised"},
        "by deadline": {"sort": "deadline", "order": "asc"},
        "page 200": {"page": "200"},
    }


def timed(kept: stores.Store) -> list[str]:
    """Median milliseconds for a page of each search, with its count."""
    engine = kept.engine()
    lines = [f"finding incidents on {kept.incidents:,} ({kept.kind}), median of {RUNS}:"]
    with store.make_sessionmaker(engine)() as session:
        for name, asked in searches(kept).items():
            search, spent = finding.parse(asked), []
            for _ in range(RUNS + 1):
                started = time.perf_counter()
                page = finding.find(session, search, kept.now, ZONE)
                spent.append((time.perf_counter() - started) * 1000)
            total = f"{page.total:,}" + ("+" if page.total_capped else "")
            lines.append(f"  {name:<24} {statistics.median(spent[1:]):8.1f} ms  "
                         f"{len(page.rows):3d} rows of {total}")
    engine.dispose()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.finding")
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    for line in timed(stores.ensure(args.database, args.incidents)):
        print(line, flush=True)


if __name__ == "__main__":
    main()
