"""Every component id, prefixed with its page's name."""

STATUS_URL = "status-url"
STATUS_BODY = "status-body"
STATUS_TICK = "status-tick"

# The wall (/wall): one id per region the pushes update.
WALL_ROOT = "wall-root"
WALL_SOCKET = "wall-socket"
WALL_DATA_TIME = "wall-data-time"  # dcc.Store: the last pushed meta["data_time"]
WALL_CLOCK_TICK = "wall-clock-tick"  # dcc.Interval, 1 s
WALL_TITLE = "wall-title"
WALL_CLOCK = "wall-clock"
WALL_STATUS = "wall-status"  # connection and data freshness; className "live" or "stale"
WALL_KPIS = "wall-kpis"
WALL_MAP = "wall-map"
WALL_TICKER = "wall-ticker"
WALL_DEPARTMENTS = "wall-departments"
WALL_STREETS = "wall-streets"
WALL_SOURCES = "wall-sources"
WALL_CATEGORIES = "wall-categories"
WALL_TREND = "wall-trend"

# Socket.IO events a wall listens to: one per snapshot part, and the geometry sent once.
PART_EVENTS = ("meta", "kpis", "map", "urgent", "ticker", "departments", "streets", "sources",
               "categories", "trend")
GEOMETRY_EVENT = "geometry"
WALL_LABELS = "wall-labels"  # dcc.Store: the texts and settings the clock and status use
WALL_LANG = "wall-lang"  # dcc.Store: the wall's language

# The frame every page is shown in.
APP_URL = "app-url"
APP_PAGE = "app-page"

# Socket.IO rooms: who receives which pushes.
ROOM_WALL = "wall"
