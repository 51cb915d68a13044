"""Celery tasks: take ids or nothing, call an idempotent service."""

import os
import time
from pathlib import Path

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from association.reports.tasks import monthly_compliance_report_task  # noqa: F401 - registers the task
from association.services.contact_gaps import contact_gap_report_send
from association.services.contact_obligations import contacts_confirmation_create
from association.services.outbox import outbox_deliver
from association.services.reminders import reminders_sweep

RETRY = {"acks_late": True, "autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def contact_gap_report_task() -> int:
    return contact_gap_report_send()


def _test_pause():
    """Only for the kill-the-worker test: hold the sweep open inside its transaction."""
    marker = os.environ.get("PORTAL_TEST_SWEEP_PAUSE_FILE")
    if not marker:
        return None

    def pause():
        Path(marker).write_text("claimed")
        time.sleep(60)

    return pause


@shared_task(**RETRY)
def reminders_sweep_task() -> dict:
    """Every few minutes (beat): claim due reminder steps, then deliver the e-mails they queued."""
    totals = reminders_sweep(pause=_test_pause())
    if totals["emails"]:
        outbox_deliver_task.delay_on_commit()
    return totals


@shared_task(**RETRY)
def outbox_deliver_task() -> int:
    return outbox_deliver()


@shared_task(**RETRY)
def contacts_confirmation_task(year: int | None = None) -> int:
    """Early in the year (beat): every member owes the registry confirmation by the end of February."""
    return contacts_confirmation_create(year=year or timezone.localdate().year)


@shared_task
def ping() -> str:
    """Liveness probe for workers (used by the worker test and operators)."""
    return "pong"
