"""The alert-scan job runs the scan with the policy the settings give."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from dashboard import scheduler, wiring
from dashboard.config import Settings, SettingsError
from dashboard.live import Live
from data import alerts, clock, schema
from data.models import Alert
from tests.factories import handled, town


def test_the_scan_job_commits_what_it_raises_and_escalates_by_the_settings(empty_store_url):
    settings = Settings.from_env({}, database_url=empty_store_url, escalate_minutes=1)
    wired = wiring.connect(settings)
    schema.upgrade(wired.engine)
    now = clock.now()
    with wired.sessions.begin() as session:
        place = town(session)
        early = handled(session, wired.rules, place, now - timedelta(hours=25),
                        signed=timedelta(minutes=10))
        alerts.scan(session, now - timedelta(minutes=2), alerts.Policy())
        late = handled(session, wired.rules, place, now - timedelta(hours=25, minutes=-1),
                       signed=timedelta(minutes=10))
    assert scheduler.scan_alerts(Live(wired)) == 2  # one escalated, one raised
    with wired.sessions() as session:
        levels = dict(session.execute(select(Alert.incident_id, Alert.level)).all())
    assert levels == {early.id: 1, late.id: 0}
    assert "alert-scan" in {job.name for job in scheduler.JOBS}
    wired.dispose()


def test_the_alert_policy_settings_default_to_fifteen_minutes_and_a_day():
    settings = Settings.from_env({})
    assert (settings.escalate_minutes, settings.reraise_hours) == (15, 24.0)
    custom = Settings.from_env({"DASHBOARD_ESCALATE_MINUTES": "5",
                                "DASHBOARD_RERAISE_HOURS": "1.5"})
    assert (custom.escalate_minutes, custom.reraise_hours) == (5, 1.5)


@pytest.mark.parametrize(("variable", "value"), [
    ("DASHBOARD_ESCALATE_MINUTES", "0"), ("DASHBOARD_ESCALATE_MINUTES", "1.5"),
    ("DASHBOARD_ESCALATE_MINUTES", "soon"), ("DASHBOARD_RERAISE_HOURS", "-1"),
    ("DASHBOARD_RERAISE_HOURS", "a day")])
def test_a_bad_alert_policy_setting_is_refused_naming_it(variable, value):
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env({variable: value})
