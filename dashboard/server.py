"""Serve the dashboard: check or prepare the store, then run the Socket.IO server."""

from __future__ import annotations

import click

from dashboard import demo_mode, leader, live, push, scheduler, wiring
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
        jobs.resume()
        picture.lead()

    def follow() -> None:
        jobs.pause()
        picture.follow()

    # A commit notified by the store wakes the poll at once; the timer stays as a fallback.
    elected = leader.Leader(wired.engine, lead, follow, wake=picture.poll)
    elected.start()
    return elected


def serve(settings: Settings) -> None:
    """Run the server until interrupted."""
    wired = wiring.connect(settings)
    store.wait_until_up(wired.engine)
    prepare_store(settings, wired)
    wired.refresh_calendar()  # the store may have come up only now
    app = create_app(settings, wired)
    with app.server.app_context():
        picture = live.current()
    run_jobs(picture, settings, wired)
    if settings.demo:
        demo_mode.start_simulator(wired, settings.simulate_rate, settings.simulate_tick)
    click.echo(f"dashboard at http://{settings.host}:{settings.port}/")
    if settings.demo:
        click.echo(demo_mode.sign_in_sheet(wired, settings.base_url))
    push.socketio.run(app.server, host=settings.host, port=settings.port,
                      allow_unsafe_werkzeug=True, use_reloader=False, log_output=False)
