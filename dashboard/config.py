"""Settings: the one place that reads the environment, strictly and loudly."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from data.demo.simulator import DEFAULT_RATE
from data.incidents.workdays import OfficeHours

PROJECT = Path(__file__).resolve().parent.parent
PREFIX = "DASHBOARD_"


class SettingsError(ValueError):
    """A setting in the environment is not valid; the message names it."""


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {raw!r}")


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError(f"expected a positive whole number, got {raw!r}")
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if value <= 0:
        raise ValueError(f"expected a positive number, got {raw!r}")
    return value


def _port(raw: str) -> int:
    value = int(raw)
    if not 0 < value < 65536:
        raise ValueError(f"expected a port between 1 and 65535, got {raw!r}")
    return value


def _timezone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {raw!r}") from error
    return raw


def _seconds(raw: str) -> float:
    value = float(raw)
    if value != value or abs(value) > 100 * 366 * 86400:
        raise ValueError(f"expected a number of seconds within a century, got {raw!r}")
    return value


def _name(raw: str) -> str:
    if not raw.strip():
        raise ValueError("expected a name, got nothing")
    return raw.strip()


def _office_hours(raw: str) -> str:
    OfficeHours.parse(raw)
    return raw


def _networks(raw: str) -> str:
    for part in raw.split(","):
        if part.strip():
            ipaddress.ip_network(part.strip(), strict=False)
    return raw


def _setting(default: Any, parse: Callable[[str], Any] = str, doc: str = "") -> Any:
    return field(default=default, metadata={"parse": parse, "doc": doc})


WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})  # listening on every address of the host


@dataclass(frozen=True)
class Settings:
    """Every setting of the product, each read from DASHBOARD_<NAME>."""

    database_url: str = _setting(
        f"sqlite:///{PROJECT / 'instance' / 'dashboard.db'}",
        doc="SQLAlchemy URL of the incident store (PostgreSQL in production)",
    )
    demo: bool = _setting(
        False, _bool, "on an empty store, `run` migrates, loads the demo district and simulates"
    )
    host: str = _setting("127.0.0.1", doc="address `run` listens on")
    port: int = _setting(8050, _port, "port `run` listens on")
    secret_key: str = _setting(
        "", doc="signs sessions; when empty, the key kept in secret_key_file (made once)")
    secret_key_file: str = _setting(
        str(PROJECT / "instance" / "secret_key"),
        doc="where `run` and `serve` keep the key they made when secret_key is empty",
    )
    secure_cookies: bool = _setting(
        False, _bool, "send the session and CSRF cookies over HTTPS only; set it behind HTTPS"
    )
    redis_url: str = _setting(
        "", doc="Redis for several processes: Socket.IO's message queue, and the latest "
        "snapshot for the processes without the job"
    )
    redis_channel: str = _setting(
        "flask-socketio", _name, "the Redis channel (and key prefix) of this dashboard's pushes; "
        "dashboards sharing one Redis each need their own"
    )
    timezone: str = _setting("Asia/Shanghai", _timezone, "the district's time zone for display")
    office_hours: str = _setting(
        "09:00-12:00,13:30-17:30", _office_hours, "office hours for working-time limits"
    )
    centre_name: str = _setting("社会治理指挥中心", doc="the name in the wall's header")
    duplicate_radius_m: float = _setting(
        50.0, _positive_float, "a new report this near an open one is a likely duplicate"
    )
    duplicate_window_h: float = _setting(
        24.0, _positive_float, "… and reported within this many hours of it"
    )
    demo_seed: int = _setting(2026, int, "seed of the demo district and its history")
    demo_days: int = _setting(90, _positive_int, "days of demo history")
    simulate_rate: float = _setting(
        DEFAULT_RATE, _positive_float, "new incidents an hour from the simulator"
    )
    simulate_tick: float = _setting(
        5.0, _positive_float, "seconds between the simulator's rounds of moves"
    )
    poll_seconds: float = _setting(
        0.25, _positive_float, "how often the trail is polled for new events"
    )
    webhook_seconds: float = _setting(
        0.25, _positive_float, "how often the process running the jobs looks for webhook "
        "deliveries due"
    )
    webhook_backoff_seconds: float = _setting(
        30.0, _positive_float, "the first wait before a failed webhook delivery is tried "
        "again; each wait doubles, up to two hours, for a day"
    )
    tick_seconds: float = _setting(
        15.0, _positive_float, "heartbeat: how often the snapshot is rebuilt for time alone; "
        "screens show stale after three missed ticks"
    )
    rates_seconds: float = _setting(
        60.0, _positive_float, "how often the month's rates on the screens are counted again"
    )
    escalate_minutes: int = _setting(
        15, _positive_int, "an overdue alert nobody acknowledges within this many minutes is "
        "escalated from the street leader to the district leader"
    )
    reraise_hours: float = _setting(
        24.0, _positive_float, "an acknowledged alert whose incident is still due this many "
        "hours later is raised again"
    )
    log_level: str = _setting("INFO", doc="logging level")
    trusted_proxies: int = _setting(
        0, int, "how many proxies (nginx) stand before the server; their X-Forwarded-For "
        "tells each client's address, which sign-in attempts are counted by"
    )
    access_log: bool = _setting(
        False, _bool, "log a line for every request the web server answers (secrets hidden)"
    )
    threads: int = _setting(
        300, _positive_int, "threads of `serve`'s one process: each connected screen holds one, "
        "the requests share the rest"
    )
    log_json: bool = _setting(
        False, _bool, "write each log line as one JSON object (time, level, logger, message), "
        "for a machine to read"
    )
    metrics_from: str = _setting(
        "127.0.0.1/32,::1/128", _networks, "addresses or networks (comma-separated) that may "
        "read /metrics without signing in; administrators may from anywhere"
    )
    clock_shift: float = _setting(
        0.0, _seconds, "seconds added to the real clock (negative: into the past), for a "
        "rehearsal or a test on a chosen day; every process on one store needs the same"
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read settings from `environ` (the process environment by default)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in fields(cls):
            name = PREFIX + spec.name.upper()
            if name not in environ:
                continue
            try:
                values[spec.name] = spec.metadata["parse"](environ[name])
            except ValueError as error:
                raise SettingsError(f"{name}: {error}") from error
        values.update(overrides)
        return cls(**values)

    @property
    def base_url(self) -> str:
        """The address screens open: the host's name when `run` listens on every address."""
        host = socket.gethostname() if self.host in WILDCARD_HOSTS else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @classmethod
    def documented(cls) -> list[tuple[str, str, str]]:
        """Each setting's variable, default and meaning, for the README."""
        return [
            (PREFIX + spec.name.upper(), str(spec.default), spec.metadata["doc"])
            for spec in fields(cls)
        ]
