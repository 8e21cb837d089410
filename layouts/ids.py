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
WALL_VIEW = "wall-view"  # a rotating wall's view, and when and to what it turns next
WALL_STREETS_TITLE = "wall-streets-title"  # "Streets", or on a street's view "Communities"
WALL_SCALE = "wall-scale"  # dcc.Store: the screen's size over the 1920x1080 design's

# One Socket.IO event carries the snapshot's parts a room shows, whole, on every change (and,
# when a screen connects, with the map's geometry); the page hands each part that differs
# from what it shows to that part's store.
SNAPSHOT_EVENT = "snapshot"
# A wall's opening travels on its own event: a push following close behind must not take
# its place before the page has read it, or the map would never get its shapes.
OPENING_EVENT = "opening"
# Whether this screen's server can read the store: {"up": false, "at": <seconds>} while it
# cannot, so the screen shows its data as stale at once; {"up": true, ...} when it can again.
STORE_EVENT = "store"
VIEW_EVENT = "view"  # a rotating wall asks the server for its next view
PARTS = ("meta", "kpis", "map", "urgent", "ticker", "departments", "streets", "sources",
         "categories", "trend")
GEOMETRY = "geometry"  # the part only an opening carries: the map drawn whole
DUTY = "duty"  # the part only the duty room is sent: every standing alert, for the queue
# dcc.Store per part: a panel's callback runs only when its own part arrives.
WALL_PART = {
    "geometry": "wall-part-geometry",
    "meta": "wall-part-meta",
    "kpis": "wall-part-kpis",
    "map": "wall-part-map",
    "urgent": "wall-part-urgent",
    "ticker": "wall-part-ticker",
    "departments": "wall-part-departments",
    "streets": "wall-part-streets",
    "sources": "wall-part-sources",
    "categories": "wall-part-categories",
    "trend": "wall-part-trend",
}
WALL_LABELS = "wall-labels"  # dcc.Store: the texts and settings the clock and status use
WALL_LANG = "wall-lang"  # dcc.Store: the wall's language

# The frame every page is shown in.
APP_URL = "app-url"
APP_PAGE = "app-page"

# Socket.IO rooms: who receives which pushes.
ROOM_WALL = "wall"
ROOM_DUTY = "duty"  # the duty consoles: sent the whole alert queue, for duty and admin only
ROOM_OVERVIEW = "overview"  # the leaders' overviews: sent the live tiles, for leaders and above
ROOM_DESK = "desk"  # a liaison's desk: joins its own department's room, sent its desk alone
ROOM_STREET = "street"  # a street's walls: join their own street's room, sent its wall alone
STREET_WALLS = "street_walls"  # the snapshot's part of every street's wall
DESKS = "desks"  # the snapshot's part of every department's desk
DESK = "desk"  # the part a desk is sent: its own department's

# Scorecards (/scorecards): the monthly bulletin's tables, their exports and the weights.
SCORECARDS_QUERY = "scorecards-query"  # dcc.Store: the period and language the address asked
SCORECARDS_PERIOD = "scorecards-period"  # the period's presets
SCORECARDS_RANGE = "scorecards-range"  # a custom range's first and last day
SCORECARDS_NAV = "scorecards-nav"  # dcc.Location: a chosen period becomes the address
SCORECARDS_HEADING = "scorecards-heading"
SCORECARDS_ROWS = "scorecards-rows"  # dcc.Store: {"department": rows, "street": rows}
SCORECARDS_SORT = "scorecards-sort"  # dcc.Store: {unit: {"column", "descending"}}
SCORECARDS_SORT_BUTTON = "scorecards-sort-button"  # pattern: {"type", "unit", "column"}
SCORECARDS_TABLE = {"department": "scorecards-departments", "street": "scorecards-streets"}
SCORECARDS_WEIGHTS = "scorecards-weights"  # the administrator's editor, hidden from others
SCORECARDS_WEIGHT_INPUTS = "scorecards-weight-inputs"
SCORECARDS_WEIGHT = "scorecards-weight"  # pattern: {"type", "figure"}
SCORECARDS_MINIMUM = "scorecards-minimum"  # pattern: {"type", "field"}, with the weights
SCORECARDS_WEIGHTS_SAVE = "scorecards-weights-save"
SCORECARDS_WEIGHTS_MESSAGE = "scorecards-weights-message"
SCORECARDS_WEIGHTS_HISTORY = "scorecards-weights-history"

# The overview (/): the leaders' drill-down; its state lives in the address.
OVERVIEW_STATE = "overview-state"  # dcc.Store: the drill's place, period and language
OVERVIEW_NAV = "overview-nav"  # dcc.Location that clicks and the period selector set
OVERVIEW_PERIOD = "overview-period"  # today / this week / this month
OVERVIEW_RANGE = "overview-range"  # a custom range of days
OVERVIEW_CRUMBS = "overview-crumbs"
OVERVIEW_KPIS = "overview-kpis"
OVERVIEW_MAP = "overview-map"
OVERVIEW_TABLE = "overview-table"  # the units one level down, or a grid's incidents
# The overview's live strip: the wall's tiles, by push, above the period's figures.
OVERVIEW_SOCKET = "overview-socket"
OVERVIEW_LABELS = "overview-labels"  # dcc.Store: the texts the browser's own code shows
OVERVIEW_META = "overview-meta"  # dcc.Store: the last pushed meta part
OVERVIEW_LIVE_PART = "overview-live-part"  # dcc.Store: the pushed kpis, set when they change
OVERVIEW_LIVE = "overview-live"  # the live tiles
OVERVIEW_STATUS = "overview-status"  # connection and data freshness; "live" or "stale"
OVERVIEW_TICK = "overview-tick"  # dcc.Interval: the freshness line's clock
OVERVIEW_WATCH = "overview-watch"  # dcc.Interval, 1 s: whether the socket needs opening anew
OVERVIEW_DRAWN = "overview-drawn"  # dcc.Store: the trail's cursor and time the view was read at
OVERVIEW_REDRAW = "overview-redraw"  # dcc.Store: set when pushes show the trail moved since

# An incident (/incidents/<code>): all of it, its trail and its alerts.
INCIDENT_REQUEST = "incident-request"  # dcc.Store: the code and language the address asked
INCIDENT_BODY = "incident-body"

CALENDAR_SOURCES = "calendar-sources"  # where each year's working calendar comes from
# Administration (/admin): users and display tokens.
ADMIN_LANG = "admin-lang"  # dcc.Store: the page's language
ADMIN_CHANGED = "admin-changed"  # dcc.Store: set after every change, so the tables reload
ADMIN_TOKENS = "admin-tokens"
ADMIN_TOKEN_NAME = "admin-token-name"
ADMIN_TOKEN_ROLE = "admin-token-role"
ADMIN_TOKEN_STREET = "admin-token-street"  # the street a wall's token opens alone, or none
ADMIN_TOKEN_ROTATE = "admin-token-rotate"  # the views a wall's token rotates through
ADMIN_TOKEN_EVERY = "admin-token-every"  # the seconds each view stays up
ADMIN_TOKEN_CREATE = "admin-token-create"
ADMIN_TOKEN_MESSAGE = "admin-token-message"  # a new token and its wall address, shown once
ADMIN_TOKEN_REVOKE = "admin-token-revoke"  # pattern: {"type": ADMIN_TOKEN_REVOKE, "token": id}
ADMIN_USERS = "admin-users"
ADMIN_USER_USERNAME = "admin-user-username"
ADMIN_USER_NAME = "admin-user-name"
ADMIN_USER_ROLE = "admin-user-role"
ADMIN_USER_PASSWORD = "admin-user-password"
ADMIN_USER_CREATE = "admin-user-create"
ADMIN_USER_MESSAGE = "admin-user-message"
ADMIN_USER_DEACTIVATE = "admin-user-deactivate"  # pattern: {"type": …, "user": id}
ADMIN_TOKEN_PENDING = "admin-token-pending"  # dcc.Store: the token a revocation waits to confirm
ADMIN_TOKEN_CONFIRM = "admin-token-confirm"  # dcc.ConfirmDialog naming the wall
ADMIN_EDIT_USER = "admin-edit-user"  # an existing user, chosen to change
ADMIN_EDIT_ROLE = "admin-edit-role"
ADMIN_EDIT_ROLE_SAVE = "admin-edit-role-save"
ADMIN_EDIT_PASSWORD = "admin-edit-password"
ADMIN_EDIT_PASSWORD_SAVE = "admin-edit-password-save"
ADMIN_EDIT_MESSAGE = "admin-edit-message"
ADMIN_USER_DEPARTMENT = "admin-user-department"  # a new liaison's department
ADMIN_EDIT_DEPARTMENT = "admin-edit-department"  # the chosen liaison's department
ADMIN_EDIT_HISTORY = "admin-edit-history"  # the chosen user's kept changes

# District set-up (/admin/district): the workbook and the working calendar.
DISTRICT_LANG = "district-lang"
DISTRICT_CHANGED = "district-changed"  # dcc.Store: set after every change
DISTRICT_UPLOAD = "district-upload"
DISTRICT_PENDING = "district-pending"  # dcc.Store: the uploaded workbook, waiting to apply
DISTRICT_RESULT = "district-result"  # its refusals, or what it will change
DISTRICT_APPLY = "district-apply"
DISTRICT_MESSAGE = "district-message"
DISTRICT_WARNINGS = "district-warnings"  # years without an official schedule
DISTRICT_DAYS = "district-days"
DISTRICT_DAY_DATE = "district-day-date"
DISTRICT_DAY_KIND = "district-day-kind"
DISTRICT_DAY_ENTER = "district-day-enter"
DISTRICT_DAY_REMOVE = "district-day-remove"  # pattern: {"type": …, "day": "YYYY-MM-DD"}
DISTRICT_DAY_MESSAGE = "district-day-message"

# Items and departments (/admin/items): one at a time, with their history.
ITEMS_LANG = "items-lang"
ITEMS_CHANGED = "items-changed"
ITEMS_TABLE = "items-table"
ITEM_CHOICE = "item-choice"
ITEM_NAME = "item-name"
ITEM_LEAD = "item-lead"
ITEM_RESPONSE_AMOUNT = "item-response-amount"
ITEM_RESPONSE_UNIT = "item-response-unit"
ITEM_RESOLUTION_AMOUNT = "item-resolution-amount"
ITEM_RESOLUTION_UNIT = "item-resolution-unit"
ITEM_ACTIVE = "item-active"
ITEM_SAVE = "item-save"
ITEM_MESSAGE = "item-message"
ITEM_HISTORY = "item-history"
DEPARTMENTS_TABLE = "departments-table"
DEPARTMENT_CHOICE = "department-choice"
DEPARTMENT_NAME = "department-name"
DEPARTMENT_SHORT = "department-short"
DEPARTMENT_ACTIVE = "department-active"
DEPARTMENT_SAVE = "department-save"
DEPARTMENT_MESSAGE = "department-message"
DEPARTMENT_HISTORY = "department-history"

# The grid layer (/admin/grids): upload, refusals or a preview map, then import.
HOOKS_LANG = "hooks-lang"
HOOKS_CHANGED = "hooks-changed"  # dcc.Store: set after a resend, so the tables reload
HOOKS_TICK = "hooks-tick"  # dcc.Interval: the log read again while the page is open
HOOKS_RECEIVERS = "hooks-receivers"
HOOKS_DELIVERIES = "hooks-deliveries"
HOOKS_MESSAGE = "hooks-message"
HOOKS_RESEND = "hooks-resend"  # pattern: {"type": HOOKS_RESEND, "delivery": id}
HOOKS_SOURCE = "hooks-source"  # dcc.Dropdown: the log of one source ("all": every source)
HOOKS_STATUS = "hooks-status"  # dcc.Dropdown: all, failing (failed or retrying), delivered
HOOKS_OLDER = "hooks-older"  # button: the page of deliveries older than those shown
HOOKS_NEWEST = "hooks-newest"  # button: back to the newest deliveries
HOOKS_PAGE = "hooks-page"  # dcc.Store: {"before": id or None, "next": id or None}
GRIDS_LANG = "grids-lang"
GRIDS_UPLOAD = "grids-upload"
GRIDS_PENDING = "grids-pending"  # dcc.Store: the uploaded layer, waiting to import
GRIDS_RESULT = "grids-result"
GRIDS_PREVIEW = "grids-preview"
GRIDS_APPLY = "grids-apply"
GRIDS_MESSAGE = "grids-message"

# The duty console (/duty): the live alert queue, its filters, the actions and the incident.
DUTY_REQUEST = "duty-request"  # dcc.Store: the language and filters the address asked for
DUTY_SOCKET = "duty-socket"
DUTY_LABELS = "duty-labels"  # dcc.Store: the texts the browser's own code shows
DUTY_QUEUE_PART = "duty-queue-part"  # dcc.Store: the pushed queue, set only when it changed
DUTY_DATA_TIME = "duty-data-time"  # dcc.Store: the data time of the last push
DUTY_FRESH = "duty-fresh"  # dcc.Store: overdue alerts that arrived just now, to flash
DUTY_AUDIO = "duty-audio"  # dcc.Store: whether the browser lets the page sound yet
DUTY_TICK = "duty-tick"  # dcc.Interval: the freshness line's clock
DUTY_WATCH = "duty-watch"  # dcc.Interval, 1 s: whether the socket needs opening anew
DUTY_STATUS = "duty-status"  # connection and data freshness
DUTY_SOUND = "duty-sound"  # the mute toggle, remembered in the browser
DUTY_KIND = "duty-kind"  # filters: alert kind, street, lead department
DUTY_STREET = "duty-street"
DUTY_DEPARTMENT = "duty-department"
DUTY_COUNT = "duty-count"
DUTY_QUEUE = "duty-queue"
DUTY_ROW = "duty-row"  # pattern: {"type": DUTY_ROW, "alert": id, "code": incident code}
DUTY_SELECTED = "duty-selected"  # dcc.Store: {"alert": id, "code": incident code}
DUTY_SELECTED_ROW = "duty-selected-row"  # dcc.Store: the selected alert's queue row
DUTY_ACTIONS = "duty-actions"  # the selected alert, said in a line
DUTY_NOTE = "duty-note"
DUTY_ACK = "duty-ack"
DUTY_ESCALATE = "duty-escalate"
DUTY_SUPERVISE = "duty-supervise"
DUTY_MESSAGE = "duty-message"
DUTY_DONE = "duty-done"  # dcc.Store: set after every action, so the incident is read again
DUTY_INCIDENT = "duty-incident"

# The frame of every desk page: the role's links, who is signed in, language, sign-out.
FRAME = "frame"
FRAME_TITLE = "frame-title"  # dcc.Store: the page's title, set as the document's title
FRAME_TITLE_SET = "frame-title-set"  # dcc.Store: where setting the title writes its nothing

# Incidents (/incidents): find any incident; the filters live in the address.
INCIDENTS_REQUEST = "incidents-request"  # dcc.Store: the address's query and language
INCIDENTS_NAV = "incidents-nav"  # dcc.Location the filters' apply sets
INCIDENTS_TEXT = "incidents-text"  # code or words
INCIDENTS_FILTER = "incidents-filter"  # pattern: {"type": INCIDENTS_FILTER, "name": ...}
INCIDENTS_RANGE = "incidents-range"  # the period: a range of report days
INCIDENTS_APPLY = "incidents-apply"
INCIDENTS_COUNT = "incidents-count"
INCIDENTS_TABLE = "incidents-table"
INCIDENTS_PAGER = "incidents-pager"
INCIDENT_MOVES = "incident-moves"  # the forms of the moves the role and the state allow
INCIDENT_MOVE = "incident-move"  # pattern: {"type": INCIDENT_MOVE, "move": name, "target": code}
INCIDENT_FIELD = "incident-field"  # pattern: {"type": INCIDENT_FIELD, "move": name, "name": ...}
INCIDENT_MESSAGE = "incident-message"  # what happened to the move just asked for
INCIDENT_SEEN = "incident-seen"  # dcc.Store: the incident's last move as the page shows it
INCIDENT_DONE = "incident-done"  # dcc.Store: set after every move, so the page reads it again

# A department liaison's desk (/desk): its department's incidents, pushed live.
DESK_SOCKET = "desk-socket"
DESK_LABELS = "desk-labels"  # dcc.Store: the texts and zone the browser's own code uses
DESK_PART = "desk-part"  # dcc.Store: the pushed desk, set only when it changed
DESK_DATA_TIME = "desk-data-time"  # dcc.Store: the data time of the last push
DESK_TICK = "desk-tick"  # dcc.Interval: the freshness line's and countdowns' clock
DESK_STATUS = "desk-status"  # connection and data freshness
DESK_COUNTS = "desk-counts"
DESK_GROUPS = "desk-groups"  # the four lists
DESK_ARRIVALS = "desk-arrivals"  # dcc.Store: how many new dispatches this page has sounded for
