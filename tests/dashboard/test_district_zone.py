"""A district whose workbook names its own time zone and office hours: the server counts and
shows times in them once the workbook is applied on the admin page."""

from __future__ import annotations

import json

from data import clock
from data.domain import Role
from layouts import formats, ids
from tests.dashboard.test_admin_setup import apply, call, upload
from tests.data.places import workbooks

XINJIANG = ["330100", "测试区", "Asia/Urumqi", "10:00-14:00,15:30-19:30"]


def test_a_workbook_naming_its_zone_and_hours_sets_how_the_server_counts_and_shows(site):
    client, _ = site.signed_in(Role.ADMIN)
    client.get("/admin/district")
    wired = site.app.server.extensions["dashboard"]
    assert wired.zone == "Asia/Shanghai"  # the settings', while the store has no district
    content = workbooks.build(workbooks.tables(区=[XINJIANG]))
    apply(site, client, upload(site, client, content)[ids.DISTRICT_PENDING]["data"])
    assert wired.zone == "Asia/Urumqi"
    assert wired.rules.calendar.office_hours.minutes_per_day == 8 * 60
    client.get("/admin")
    users = json.dumps(call(site, client, [(ids.ADMIN_TOKENS, "children"),
                                           (ids.ADMIN_USERS, "children"),
                                           (ids.ADMIN_EDIT_USER, "options")],
                            [(ids.ADMIN_CHANGED, "data", 1)], [(ids.ADMIN_LANG, "data", "en")]))
    assert formats.local_time(clock.now(), "Asia/Urumqi") in users
    assert formats.local_time(clock.now(), "Asia/Shanghai") not in users
