"""The scheduled work, as a table you can read on one screen, run by one process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from dashboard import metrics, wiring
from dashboard.config import Settings
from dashboard.live import Live
from data import alerts, clock

ALERT_SCAN_SECONDS = 5.0  # a deadline passing reaches the ticker this late at most


@dataclass(frozen=True)
class Job:
    """One recurring job: its name, what it does, how often, and the call."""

    name: str
    purpose: str
    seconds: Callable[[Settings], float]
    call: Callable[[Live], object]


def scan_alerts(live: Live) -> int:
    """Scan the alerts at this moment, in a transaction of its own."""
    settings = live.wired.settings
    policy = alerts.Policy(escalate_after=timedelta(minutes=settings.escalate_minutes),
                           reraise_after=timedelta(hours=settings.reraise_hours))
    with live.wired.job_sessions.begin() as session:
        return alerts.scan(session, clock.now(), policy)


def refresh_calendar(live: Live) -> bool:
    """Count with the calendar days entered since the last look, if any were."""
    return live.wired.refresh_calendar()


JOBS = (
    Job("poll-trail", "rebuild the snapshot and push what changed when the trail has new events",
        lambda s: s.poll_seconds, Live.poll),
    Job("clock-tick", "rebuild for what time alone changes (deadlines passing, a new day) and "
        "send every screen the heartbeat that keeps it from showing stale",
        lambda s: s.tick_seconds, Live.refresh),
    Job("alert-scan", "raise, clear, escalate and raise again the alerts that time alone has "
        "changed; the poll then pushes what the scan wrote to the trail",
        lambda _: ALERT_SCAN_SECONDS, scan_alerts),
    Job("month-rates", "count the month's rates again: they read every incident of the month, "
        "so they are kept between builds rather than counted on every move",
        lambda s: s.rates_seconds, Live.refresh_rates),
    Job("webhooks", "post the webhook deliveries that are due (new, or a failed one's backoff "
        "over) on the sender's pool, a slow receiver holding none of the others",
        lambda s: s.webhook_seconds, lambda live: live.webhooks.send_due()),
    Job("calendar-days", "count deadlines with the days off and make-up working days an "
        "administrator entered, in a process that serves no request too",
        lambda _: wiring.CALENDAR_CHECK_S, refresh_calendar),
)


def _counted(event: JobExecutionEvent) -> None:
    metrics.JOB_RUNS.labels(job=event.job_id).inc()
    if event.exception is not None:
        metrics.JOB_FAILURES.labels(job=event.job_id).inc()


def start(live: Live, settings: Settings, paused: bool = False) -> BackgroundScheduler:
    """Run every job in a background thread; a slow run is never stacked on itself.

    Started `paused`, the jobs wait until this process leads (dashboard.leader) to resume.
    """
    scheduler = BackgroundScheduler(timezone="UTC", job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 30})
    for job in JOBS:
        scheduler.add_job(job.call, "interval", args=[live], id=job.name, name=job.purpose,
                          seconds=job.seconds(settings))
    scheduler.add_listener(_counted, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.start(paused=paused)
    return scheduler
