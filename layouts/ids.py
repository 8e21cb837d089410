"""Every component id, prefixed with its page's name."""

STATUS_URL = "status-url"
STATUS_BODY = "status-body"
STATUS_TICK = "status-tick"
