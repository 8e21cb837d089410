"""Serve the dashboard: check or prepare the store, then run the Socket.IO server."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click
from dash import Dash
from werkzeug import serving

from dashboard import demo_mode, keys, leader, live, metrics, push, scheduler, wiring
from dashboard.app import create_app
from dashboard.config import Settings
from data import schema, store
from data.demo import load


def prepare_store(settings: Settings, wired: wiring.Wiring) -> None:
    """Make sure the store can serve; in demo mode migrate it and fill an empty one."""
    if settings.demo:
        schema.upgrade(wired.engine)
        with wired.sessions() as session:
            empty = load.store_is_empty(session)
        if empty:
            click.echo(demo_mode.load_with_progress(wired, settings.demo_seed, settings.demo_days))
        return
    current, head = schema.current_revision(wired.engine), schema.head_revision()
    if current != head:
        raise click.ClickException(
            f"the store at {store.safe_url(wired.engine)} is at schema {current or 'empty'}, "
            f"the code needs {head}: run `python -m dashboard migrate` first")


def run_jobs(picture: live.Live, settings: Settings, wired: wiring.Wiring) -> leader.Leader:
    """Schedule the jobs, run while this process holds the job lock (PRODUCT §8)."""
    jobs = scheduler.start(picture, settings, paused=True)

    def lead() -> None:
        metrics.LEADING.set(1)
        jobs.resume()
        picture.lead()

    def follow() -> None:
        metrics.LEADING.set(0)
        jobs.pause()
        picture.follow()

    def woken() -> None:
        picture.webhooks.send_due()  # one quick claim: the commit's deliveries leave now
        picture.poll()

    # A commit notified by the store wakes the sender and the poll at once; their timers
    # stay as the fallback (and the only way on SQLite).
    elected = leader.Leader(wired.engine, lead, follow, wake=woken)
    elected.start()
    return elected


def ready_store(settings: Settings) -> wiring.Wiring:
    """Connect, wait for the store to answer, and make sure it can serve."""
    wired = wiring.connect(settings)
    store.wait_until_up(wired.engine)
    prepare_store(settings, wired)
    wired.refresh_calendar()  # the store may have come up only now
    return wired


# How often the serving process's threads hand the interpreter over (Python's default: 5 ms).
# While reports stream in, dozens of request threads are ready at once, and each hand-off a
# snapshot needs on its way to the walls (the builder's answer read, the push) waited behind
# them: a tenth of a second at the 95th percentile, half that at this interval.
SWITCH_SECONDS = 0.001


def start(settings: Settings, wired: wiring.Wiring) -> Dash:
    """Build the app on a ready store and start its jobs (and, in demo mode, the simulator)."""
    sys.setswitchinterval(SWITCH_SECONDS)
    if not settings.secret_key:  # sessions and screens must outlive a restart
        settings = replace(settings, secret_key=keys.kept(Path(settings.secret_key_file)))
    app = create_app(settings, wired)
    with app.server.app_context():
        picture = live.current()
    run_jobs(picture, settings, wired)
    if settings.demo:
        demo_mode.start_simulator(wired, settings.simulate_rate, settings.simulate_tick)
    return app


def serve(settings: Settings) -> None:
    """Run the development server until interrupted (`serve` runs the production one)."""
    wired = ready_store(settings)
    app = start(settings, wired)
    click.echo(f"dashboard at http://{settings.host}:{settings.port}/")
    if settings.demo:
        serve_demo(settings, wired, app)
        return
    push.socketio.run(app.server, host=settings.host, port=settings.port,
                      allow_unsafe_werkzeug=True, use_reloader=False, log_output=False)


def serve_demo(settings: Settings, wired: wiring.Wiring, app: Dash) -> None:
    """Serve the demo on the same server with its sign-in sheet the last thing printed, not
    the server's banner and advice against production after it: the address is printed
    above, and a demo is a try-out. (A line for each request only with DASHBOARD_ACCESS_LOG.)
    """
    listening = serving.make_server(settings.host, settings.port, app.server, threaded=True)
    click.echo(demo_mode.sign_in_sheet(wired, settings.base_url))
    listening.serve_forever()  # until interrupted
