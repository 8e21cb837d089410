"""The production server: gunicorn's threaded worker, one process per port, behind nginx.

Flask-SocketIO in threading mode serves WebSockets from plain threads (simple-websocket), so
gunicorn runs it with the gthread worker, one worker a process: a screen's Socket.IO session
lives in one process, which gunicorn's own balancing between workers would break. For more
processes, start more `serve`s on other ports (deploy/dashboard@.service) and let nginx keep
each client on one of them; Redis carries every push to all (DASHBOARD_REDIS_URL).

    python -m dashboard serve                          # what deploy/dashboard@.service runs
    gunicorn -k gthread -w 1 --threads 300 'dashboard.wsgi:application()'   # the same app

Started by gunicorn itself, give it DASHBOARD_HOST and DASHBOARD_PORT's address to bind:
the addresses the console prints (and the demo's sign-in sheet) are made from them.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import click
from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from dashboard import demo_mode, logs, server
from dashboard.config import Settings
from data import clock

logger = logging.getLogger(__name__)
GRACE_SECONDS = 10  # a stopping process waits this long for requests; screens reconnect
BOOT_SECONDS = 120  # the worker's start: the app, its first snapshot and the job's lock


def application(settings: Settings | None = None, sheet: str | None = None) -> Flask:
    """The served app on a ready store, its jobs started; `sheet` printed last if given.

    Called by gunicorn in its worker, so the jobs' and screens' threads start there. Without
    settings (gunicorn started on its own), they are read from the environment here.
    """
    if settings is None:
        settings = Settings.from_env()
        logs.configure(settings)
        clock.set_shift(timedelta(seconds=settings.clock_shift))
    wired = server.ready_store(settings)
    app = server.start(settings, wired)
    if settings.demo and sheet is None:
        sheet = demo_mode.sign_in_sheet(wired, settings.base_url)
    serving = (f"dashboard at http://{bind(settings)}/ (gunicorn, gthread, "
               f"{settings.threads} threads)")
    if settings.log_json:  # a machine reads the log: one more object, not a loose line
        logger.info("%s", serving)
    else:
        click.echo(serving)
    if sheet:
        click.echo(sheet)
    return app.server


def bind(settings: Settings) -> str:
    """The address gunicorn listens on."""
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"{host}:{settings.port}"


class Quiet(Logger):
    """gunicorn's lines through the process's own handlers: quiet, redacted, JSON if asked."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in list(log.handlers):
                log.removeHandler(handler)
            log.propagate = True
        # Its start-up lines (listening, booting a worker) only when debugging.
        root = logging.getLogger().level
        self.error_log.setLevel(logging.INFO if root <= logging.DEBUG else logging.WARNING)


class Gunicorn(BaseApplication):
    """gunicorn configured from the settings, loading the app in its worker."""

    def __init__(self, settings: Settings, sheet: str | None) -> None:
        self.settings, self.sheet = settings, sheet
        super().__init__()

    def load_config(self) -> None:
        settings = self.settings
        options = {
            "bind": [bind(settings)], "workers": 1, "worker_class": "gthread",
            "threads": settings.threads,
            # Each WebSocket holds a connection for as long as its screen is open.
            "worker_connections": max(1000, 2 * settings.threads),
            "timeout": BOOT_SECONDS, "graceful_timeout": GRACE_SECONDS,
            "proc_name": f"dashboard:{settings.port}", "logger_class": Quiet,
            "errorlog": "-", "accesslog": "-" if settings.access_log else None,
            "loglevel": settings.log_level.lower(),
            # Several processes share one host: no shared control socket in $HOME.
            "control_socket_disable": True,
        }
        for name, value in options.items():
            self.cfg.set(name, value)

    def load(self) -> Flask:
        return application(self.settings, self.sheet)


def serve(settings: Settings) -> None:
    """Wait for and check the store, then run gunicorn until it is stopped."""
    wired = server.ready_store(settings)
    # The sheet is made once, here: a worker gunicorn starts again keeps the same passwords.
    sheet = demo_mode.sign_in_sheet(wired, settings.base_url) if settings.demo else None
    wired.dispose()  # no connection crosses the fork into the worker
    Gunicorn(settings, sheet).run()
