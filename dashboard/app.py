"""The app factory: one Dash app on one Flask server, each part hooked in with init_app."""

from __future__ import annotations

import secrets

from dash import Dash, dcc, html
from werkzeug.middleware.proxy_fix import ProxyFix

from callbacks import admin as admin_callbacks
from callbacks import admin_district as admin_district_callbacks
from callbacks import admin_grids as admin_grids_callbacks
from callbacks import admin_items as admin_items_callbacks
from callbacks import admin_users as admin_users_callbacks
from callbacks import admin_webhooks as admin_webhooks_callbacks
from callbacks import desk as desk_callbacks
from callbacks import duty as duty_callbacks
from callbacks import incident as incident_callbacks
from callbacks import incidents as incidents_callbacks
from callbacks import overview as overview_callbacks
from callbacks import pages
from callbacks import scorecards as scorecards_callbacks
from callbacks import status as status_callbacks
from callbacks import wall as wall_callbacks
from dashboard import (
    admin_files,
    api,
    auth,
    exports,
    guard,
    headers,
    health,
    inputs,
    live,
    login,
    metrics,
    open311,
    push,
    uploads,
    waiting,
    wiring,
)
from dashboard.config import Settings
from layouts import (
    admin,
    admin_district,
    admin_grids,
    admin_items,
    admin_webhooks,
    desk,
    duty,
    frame,
    ids,
    incident,
    incidents,
    overview,
    scorecards,
    status,
    wall,
)
from layouts.text import TEXT


def page_frame() -> html.Div:
    """The frame every page is shown in: the address and the page for it."""
    return html.Div([dcc.Location(id=ids.APP_URL), html.Div(id=ids.APP_PAGE)])


def create_app(settings: Settings, wired: wiring.Wiring | None = None) -> Dash:
    """Build the dashboard for `settings`; nothing connects until a request needs it."""
    app = Dash(
        __name__,
        title=TEXT["title"]["zh"],
        assets_folder="assets",
        serve_locally=True,  # a command hall is offline: every script comes from this server
        compress=True,  # plotly.js alone is 4.6 MB raw; a wall opens with a quarter of that
        update_title=None,
    )
    server = app.server
    # Without a key (an app built for a test), one of its own: `run` and `serve` pass the kept one.
    server.config.update(SECRET_KEY=settings.secret_key or secrets.token_hex(32))
    if settings.trusted_proxies > 0:  # behind nginx: the client is who the proxies say
        n = settings.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n)
    wired = wired or wiring.connect(settings)
    wiring.init_app(server, wired)
    health.init_app(server)
    waiting.init_app(server)  # a store that cannot be read gets a page that waits for it
    metrics.init_app(server)
    auth.init_app(server, settings)
    login.init_app(server)
    api.init_app(server)
    open311.init_app(server)
    exports.init_app(server)
    uploads.init_app(server)  # an administrator's upload may be larger than other bodies
    inputs.init_app(server)  # input no field can hold is refused before anything reads it
    admin_files.init_app(server)
    guard.init_app(server)  # every request is checked before it runs; nothing is open unlisted
    picture = live.init_app(server, wired)
    push.init_app(server, settings, picture.opening)
    app.layout = page_frame
    # Every page's components, so callbacks are checked against real ids, not suppressed.
    app.validation_layout = html.Div([page_frame(), status.layout(),
                                      frame.layout([], "/", "", "leader", "zh", "page_overview",
                                                   {}, None), wall.layout(),
                                      admin.layout(), admin_district.layout(),
                                      admin_items.layout(), admin_grids.layout(),
                                      admin_webhooks.layout(),
                                      overview.layout(overview.state({}, "zh")),
                                      incident.layout(""), incidents.layout({}),
                                      scorecards.layout(), desk.layout("zh"),
                                      duty.layout(duty.request({}, "zh"))])
    pages.register(app)
    status_callbacks.register(app)
    wall_callbacks.register(app)
    admin_callbacks.register(app)
    admin_users_callbacks.register(app)
    admin_district_callbacks.register(app)
    admin_items_callbacks.register(app)
    admin_grids_callbacks.register(app)
    admin_webhooks_callbacks.register(app)
    overview_callbacks.register(app)
    incident_callbacks.register(app)
    incidents_callbacks.register(app)
    scorecards_callbacks.register(app)
    duty_callbacks.register(app)
    desk_callbacks.register(app)
    inputs.guard_callbacks(server, app.callback_map)
    headers.init_app(server, app.csp_hashes(), own_pages=[api.DOCS])
    return app
