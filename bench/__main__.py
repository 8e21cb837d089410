"""Run the benchmarks and print their figures, or only generate a store to reuse.

    python -m bench                      every benchmark: 50k and 1M on SQLite, 5M on PostgreSQL
    python -m bench --quick              only the 50k SQLite store
    python -m bench --skip-5m            leave out the 5M PostgreSQL store
    python -m bench history --incidents N --database URL     generate (or find) a store
    python -m bench snapshot --incidents N --database URL    one store's snapshot figures
    python -m bench figures [--incidents N --database URL]   the month's figures (PRODUCT §6):
                                         the demo store and 1M on SQLite, or one store
    python -m bench figures --fresh-demo    the demo loaded into PostgreSQL anew, counted at
                                         once: the planner has only what load-demo left it
    python -m bench served               latency to 200 screens (50k, SQLite and PostgreSQL),
                                         opening the wall, redrawing a map of 2,000 grids
    python -m bench soak [--screens 200 --minutes 30 --every 5]   one `serve` process, screens
                                         and the simulator at 600 incidents an hour: RSS, threads
                                         and push p95 at the start, every few minutes, the end
    python -m bench api [--incidents N --database URL --rate R --single-rate S]
                                         the incident API under load: reports a second through
                                         the real server, answer times, and commit to wall
                                         meanwhile (10k on PostgreSQL), flat out and at a steady
                                         R (batches) and S (one a request) incidents a second
    python -m bench webhooks [--database URL --rate R --seconds S]   webhook delivery latency
                                         from a dispatch's commit to the receiver, 10 sources

URL is "sqlite" (bench/out/bench_<N>.db), a SQLite URL, or a PostgreSQL URL (schema
bench_<N> in that database). Stores are kept and reused while they hold N incidents.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from bench import api, figures, redraw, serving, snapshot, soak, stores, webhooks

Benchmark = Callable[[stores.Store], list[str]]
BENCHMARKS: tuple[Benchmark, ...] = (snapshot.build_figures, snapshot.tick_figures,
                                     figures.month_figures)
# Served benchmarks run on the smallest stores: they measure the path, not the history.
# Latency runs on both databases: PostgreSQL wakes the poll on commit, SQLite is polled.
LATENCY: tuple[Benchmark, ...] = (serving.latency_figures,)
SERVED: tuple[Benchmark, ...] = (serving.wall_open_figures, redraw.redraw_figures)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the 50k SQLite store")
    parser.add_argument("--skip-5m", action="store_true", help="leave out 5M on PostgreSQL")
    parser.add_argument("--postgres", default=stores.POSTGRES_URL, help="PostgreSQL database")
    commands = parser.add_subparsers(dest="command")
    for name, purpose in (("history", "generate a store, or find it kept"),
                          ("snapshot", "print one store's snapshot figures")):
        command = commands.add_parser(name, help=purpose)
        command.add_argument("--incidents", type=int, required=True)
        command.add_argument("--database", default="sqlite")
        command.add_argument("--seed", type=int, default=1)
        command.add_argument("--days", type=int, default=365)
    commands.add_parser("served", help="latency to 200 screens, opening the wall, the map")
    counted = commands.add_parser("figures", help="the month's figures: the demo store and 1M "
                                  "on SQLite, or the store given")
    counted.add_argument("--incidents", type=int, default=None)
    counted.add_argument("--database", default="sqlite")
    counted.add_argument("--fresh-demo", action="store_true",
                         help="load the demo into a new PostgreSQL schema, then count at once")
    loaded = commands.add_parser("api", help="the incident API under load, walls connected")
    loaded.add_argument("--incidents", type=int, default=10_000)
    loaded.add_argument("--database", default=None, help="PostgreSQL unless given")
    loaded.add_argument("--rate", type=float, default=api.RATE,
                        help="incidents a second offered in batches at the steady rate")
    loaded.add_argument("--single-rate", type=float, default=api.SINGLE_RATE,
                        help="incidents a second offered one a request at the steady rate")
    soaked = commands.add_parser("soak", help="many screens and a busy simulator, long")
    soaked.add_argument("--screens", type=int, default=200)
    soaked.add_argument("--minutes", type=float, default=30.0)
    soaked.add_argument("--every", type=float, default=5.0, help="minutes between lines")
    soaked.add_argument("--days", type=int, default=14, help="days of demo history")
    soaked.add_argument("--redis", default="redis://127.0.0.1:6379/0",
                        help="Redis as in production; empty for none")
    hooked = commands.add_parser("webhooks", help="webhook latency, commit to receiver")
    hooked.add_argument("--database", default=None, help="a fresh SQLite store unless given")
    hooked.add_argument("--rate", type=float, default=20.0, help="dispatches a second")
    hooked.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args(argv)
    if args.command == "webhooks":
        for line in webhooks.latency_figures(args.database, args.rate, args.seconds):
            print(line, flush=True)
        return
    if args.command == "soak":
        soak.soak(args.screens, args.minutes, args.every, args.days, args.postgres, args.redis)
        return
    if args.command == "api":
        for line in api.api_figures(stores.ensure(args.database or args.postgres,
                                                  args.incidents), args.rate, args.single_rate):
            print(line, flush=True)
        return
    if args.command == "figures":
        lines = (figures.fresh_demo_figures(args.postgres) if args.fresh_demo else
                 figures.month_figures(stores.ensure(args.database, args.incidents))
                 if args.incidents else
                 [*figures.demo_figures(),
                  *figures.month_figures(stores.ensure("sqlite", 1_000_000))])
        for line in lines:
            print(line, flush=True)
        return
    if args.command == "history":
        started = time.perf_counter()
        kept = stores.ensure(args.database, args.incidents, seed=args.seed, days=args.days)
        print(f"store of {kept.incidents:,} incidents ({kept.kind}) ready in "
              f"{time.perf_counter() - started:.1f} s, history up to {kept.now:%Y-%m-%d %H:%M} "
              f"UTC: {kept.url}")
        return
    if args.command == "snapshot":
        plan = [(args.database, args.incidents)]
    elif args.command == "served":
        plan = []
    else:
        plan = [("sqlite", 50_000)]
        if not args.quick:
            plan.append(("sqlite", 1_000_000))
            if not args.skip_5m:
                plan.append((args.postgres, 5_000_000))
    for database, incidents in plan:
        run(database, incidents)
    if args.command is None:
        for line in figures.demo_figures():
            print(line, flush=True)
    if args.command in (None, "served"):
        small = [stores.ensure("sqlite", 50_000)]
        if not args.quick:
            small.append(stores.ensure(args.postgres, 50_000))
        for kept, benchmark in [*((kept, b) for kept in small for b in LATENCY),
                                *((small[0], b) for b in SERVED)]:
            for line in benchmark(kept):
                print(line, flush=True)


def run(database: str, incidents: int) -> None:
    """Find or make the store, then print every benchmark's figures on it."""
    started = time.perf_counter()
    kept = stores.ensure(database, incidents)
    print(f"store: {kept.incidents:,} incidents ({kept.kind}), ready in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    for benchmark in BENCHMARKS:
        for line in benchmark(kept):
            print(line, flush=True)


if __name__ == "__main__":
    main()
