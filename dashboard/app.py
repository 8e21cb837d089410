"""The app factory: one Dash app on one Flask server, each part hooked in with init_app."""

from __future__ import annotations

from dash import Dash

from callbacks import status as status_callbacks
from dashboard import health, push, wiring
from dashboard.config import Settings
from layouts import status as status_layout
from layouts.text import TEXT


def create_app(settings: Settings, wired: wiring.Wiring | None = None) -> Dash:
    """Build the dashboard for `settings`; nothing connects until a request needs it."""
    app = Dash(
        __name__,
        title=TEXT["title"]["zh"],
        assets_folder="assets",
        serve_locally=True,  # a command hall is offline: every script comes from this server
        update_title=None,
    )
    server = app.server
    server.config.update(SECRET_KEY=settings.secret_key)
    wiring.init_app(server, wired or wiring.connect(settings))
    health.init_app(server)
    push.init_app(server, settings)
    app.layout = status_layout.layout
    status_callbacks.register(app)
    return app
