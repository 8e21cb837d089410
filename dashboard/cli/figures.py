"""The command line's figures: every figure of PRODUCT §6 for a scope and a period."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from dashboard import wiring
from data import clock, figures
from data.figures import periods, weights
from data.places import scopes
from layouts.text import t

# A figure with nothing counted shows "—"; one that does not apply to the scope says so.
NOTHING_COUNTED = ("mean_handling_hours", "composite_score")


@click.command("figures")
@click.option("--scope", "scope_text", default="district", show_default=True,
              help="district, street:CODE, community:CODE, grid:CODE or department:CODE")
@click.option("--period", "period_text", default="month", show_default=True,
              help="today, week, month or YYYY-MM-DD..YYYY-MM-DD (both days included)")
@click.option("--at", "at_text", default=None,
              help="count the trail as it stood at this ISO time (local when no zone); now")
@click.option("--json", "as_json", is_flag=True, help="one JSON object, a member per figure")
@click.pass_context
def figures_command(context: click.Context, scope_text: str, period_text: str,
                    at_text: str | None, as_json: bool) -> None:
    """Print every figure of a scope and period, each rate with its numerator and denominator."""
    wired = wiring.connect(context.obj)
    zone = wired.zone  # the district's own, else the settings'
    now = _moment(at_text, zone)
    try:
        scope = scopes.parse(scope_text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--scope") from error
    try:
        period = periods.parse(period_text, now, zone)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period") from error
    with wired.sessions() as session:
        try:
            counted = figures.compute(session, scope, period, now, weights.current(session),
                                      minimum=weights.minimum(session))
        except scopes.UnknownScope as error:
            raise click.BadParameter(str(error), param_hint="--scope") from error
    if as_json:
        click.echo(json.dumps(plain(counted), ensure_ascii=False, indent=2))
    else:
        click.echo(table(counted, scope, period, now, zone))


def plain(counted: dict[str, Any]) -> dict[str, Any]:
    """The figures as JSON: a rate as its parts and value (null when nothing was counted)."""
    return figures.as_json(counted)


def table(counted: dict[str, Any], scope: scopes.Scope, period: periods.Period, now: datetime,
          zone: str) -> str:
    """The figures as a table a person reads: names in Chinese and English, rates in percent."""
    local = ZoneInfo(zone)

    def at(moment: datetime) -> str:
        return moment.astimezone(local).strftime("%Y-%m-%d %H:%M")

    lines = [f"{_both('figure_scope')}: {scope}",
             f"{_both('figure_period')}: {period.label} "
             f"[{at(period.start)}, {at(period.end)}) {zone}",
             f"{_both('figure_as_of')}: {at(now)} {zone}", ""]
    rows = [(_both("figure_column"), _both("figure_value"), _both("figure_parts"))]
    rows += [(_both(f"figure_{name}"), *_shown(name, value)) for name, value in counted.items()]
    first = max(_width(row[0]) for row in rows)
    second = max(_width(row[1]) for row in rows)
    for name, value, parts in rows:
        line = f"{_pad(name, first)}  {_pad(value, second, right=True)}  {parts}"
        lines.append(line.rstrip())
    return "\n".join(lines)


def _shown(name: str, value: Any) -> tuple[str, str]:
    """A figure's value as shown, and its numerator / denominator for a rate."""
    if isinstance(value, figures.Rate):
        shown = "—" if value.value is None else f"{100 * value.value:.2f}%"
        return shown, f"{value.numerator} / {value.denominator}"
    if value is None:
        return ("—" if name in NOTHING_COUNTED else _both("figure_not_applicable")), ""
    return (f"{value:.2f}" if isinstance(value, float) else str(value)), ""


def _both(key: str) -> str:
    return f"{t(key, 'zh')} {t(key, 'en')}"


def _width(text: str) -> int:
    """Columns a terminal gives `text`: two for each wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def _moment(text: str | None, zone: str) -> datetime:
    if text is None:
        return clock.now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise click.BadParameter(f"{text!r} is not an ISO time", param_hint="--at") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone))
