"""The command line: python -m dashboard migrate | load-demo | simulate | import-grids | ..."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

from dashboard import demo_mode, logs, server, wiring, wsgi
from dashboard.cli import access, district, figures, hooks, sources
from dashboard.config import Settings, SettingsError
from data import clock, schema, store
from data.demo import load, simulator
from data.places import boundaries


class _Commands(click.Group):
    """The commands, whose failure to read the store is said in a line, not a traceback."""

    def invoke(self, context: click.Context) -> object:
        try:
            return super().invoke(context)
        except (OperationalError, ProgrammingError) as error:
            # The driver's first line names what is missing; the statement and its
            # parameters (text from outside) stay out of it.
            reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
            raise click.ClickException(
                f"the store cannot be read ({reason}); a new store needs "
                "`python -m dashboard migrate` first") from error


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(context: click.Context) -> None:
    """The district command-hall dashboard (基层治理指挥中心)."""
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        raise click.UsageError(str(error)) from error
    logs.configure(settings)
    # Every process on one store must read the same clock: the shift is set before anything runs.
    clock.set_shift(timedelta(seconds=settings.clock_shift))
    context.obj = settings


def _wired(context: click.Context) -> wiring.Wiring:
    return wiring.connect(context.obj)


@main.command()
@click.pass_context
def migrate(context: click.Context) -> None:
    """Create or upgrade the store's schema to the newest revision."""
    wired = _wired(context)
    before = schema.current_revision(wired.engine)
    schema.upgrade(wired.engine)
    click.echo(f"schema {before or 'empty'} → {schema.current_revision(wired.engine)}")


@main.command("load-demo")
@click.option("--seed", type=int, default=None, help="seed of the district and its history")
@click.option("--days", type=click.IntRange(min=1), default=None, help="days of history")
@click.pass_context
def load_demo(context: click.Context, seed: int | None, days: int | None) -> None:
    """Load the demo district, its whistle list and days of history into an empty store."""
    settings: Settings = context.obj
    wired = _wired(context)
    schema.upgrade(wired.engine)
    with wired.sessions() as session:
        if not load.store_is_empty(session):
            raise click.ClickException("the store already holds a district; "
                                       "load the demo into an empty store")
    click.echo(demo_mode.load_with_progress(
        wired, seed if seed is not None else settings.demo_seed,
        days if days is not None else settings.demo_days))


@main.command()
@click.option("--rate", type=click.FloatRange(min=0, min_open=True), default=None,
              help="new incidents an hour")
@click.option("--tick", type=click.FloatRange(min=0.1), default=None,
              help="seconds between rounds of moves")
@click.pass_context
def simulate(context: click.Context, rate: float | None, tick: float | None) -> None:
    """Keep the demo alive: new reports and moves in real time, until interrupted."""
    settings: Settings = context.obj
    wired = _wired(context)
    rate = rate if rate is not None else settings.simulate_rate
    tick = tick if tick is not None else settings.simulate_tick
    click.echo(f"simulating {rate:g} new incidents an hour; Ctrl-C stops")
    stop = threading.Event()
    try:
        simulator.run(wired.sessions, wired.rules, rate_per_hour=rate, stop=stop, tick=tick,
                      between_ticks=wired.keep_calendar_in_step)
    except KeyboardInterrupt:
        stop.set()


@main.command("import-grids")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--code-property", default="code", show_default=True)
@click.option("--name-property", default="name", show_default=True)
@click.pass_context
def import_grids(context: click.Context, file: Path, code_property: str,
                 name_property: str) -> None:
    """Import grid boundaries from a GeoJSON FeatureCollection; a bad file changes nothing."""
    wired = _wired(context)
    try:
        collection = boundaries.read_collection(file)
        with wired.sessions.begin() as session:
            summary = boundaries.import_grids(session, collection, code_property=code_property,
                                              name_property=name_property)
        store.analyze(wired.engine)
    except boundaries.BoundaryError as error:
        for line in error.problems:
            click.echo(line, err=True)
        raise click.ClickException(f"{file}: refused, nothing imported "
                                   f"({len(error.problems)} problems)") from error
    click.echo(f"{summary.created} grids created, {summary.updated} updated, "
               f"{summary.communities_created} communities and "
               f"{summary.streets_created} streets created; of the grids the file no longer "
               f"holds, {summary.deactivated} kept inactive (incidents refer to them), "
               f"{summary.removed} removed")


@main.command("export-grids")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def export_grids(context: click.Context, file: Path) -> None:
    """Write the grid layer as a GeoJSON FeatureCollection for other GIS tools."""
    with _wired(context).sessions() as session:
        collection = boundaries.export_grids(session)
    boundaries.write_collection(collection, file)
    click.echo(f"{len(collection['features'])} grids written to {file}")


@main.command()
@click.pass_context
def run(context: click.Context) -> None:
    """Serve on the development server; in demo mode an empty store gets the demo."""
    server.serve(context.obj)


@main.command()
@click.pass_context
def serve(context: click.Context) -> None:
    """Serve in production: gunicorn's threaded worker (one process; start one per port)."""
    wsgi.serve(context.obj)


for _command in access.COMMANDS:  # create-user, create-token, list-tokens, revoke-token
    main.add_command(_command)
main.add_command(figures.figures_command)  # figures
for _command in district.COMMANDS:  # import-district, export-district
    main.add_command(_command)
for _command in sources.COMMANDS:  # create-source, list-sources, revoke-source
    main.add_command(_command)
for _command in hooks.COMMANDS:  # register-webhook, webhook-log, webhook-resend
    main.add_command(_command)
