"""The command line's district commands: import and export the district workbook."""

from __future__ import annotations

from pathlib import Path

import click

from dashboard import wiring
from dashboard.cli import access
from data import clock, schema, store
from data.places import export, setup, workbook
from data.places.sheets import WorkbookError


@click.command("import-district")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="list what would change and write nothing")
@click.pass_context
def import_district(context: click.Context, file: Path, dry_run: bool) -> None:
    """Create or update the district from its workbook; a bad workbook changes nothing."""
    wired = wiring.connect(context.obj)
    schema.upgrade(wired.engine)
    try:
        plan = workbook.read(file.read_bytes())
        with wired.sessions() as session:
            changes = setup.apply(session, plan, access.actor(), clock.now(),
                                  f"workbook {file.name}")
            if dry_run:
                session.rollback()
            else:
                session.commit()
        if not dry_run:
            store.analyze(wired.engine)
    except WorkbookError as error:
        for line in error.problems:
            click.echo(line, err=True)
        raise click.ClickException(f"{file}: refused, nothing imported "
                                   f"({len(error.problems)} problems)") from error
    for change in changes:
        click.echo(change.line())
    verb = "would change" if dry_run else "changed"
    click.echo(f"{plan.name} ({plan.code}): {len(changes)} {verb}; "
               f"{len(plan.streets)} streets, {len(plan.communities)} communities, "
               f"{len(plan.departments)} departments, {len(plan.items)} items, "
               f"{len(plan.calendar)} calendar days")


@click.command("export-district")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--template", is_flag=True, help="write a blank workbook to fill in instead")
@click.pass_context
def export_district(context: click.Context, file: Path, template: bool) -> None:
    """Write the district's current workbook, or with --template a blank one."""
    if template:
        file.write_bytes(export.template())
        click.echo(f"blank district workbook written to {file}")
        return
    with wiring.connect(context.obj).sessions() as session:
        file.write_bytes(export.workbook(session))
    click.echo(f"district workbook written to {file}")


COMMANDS = (import_district, export_district)
