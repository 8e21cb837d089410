"""The webhook fixtures: the incident API's app, district and tokens (tests.dashboard.api)."""

from tests.dashboard.api.conftest import api  # noqa: F401
