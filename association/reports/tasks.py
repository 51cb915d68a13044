"""Celery tasks for scheduled reports: take plain values, call the idempotent service.

The worker discovers ``association.tasks`` only; that module (or ``config/celery_app.py``) has to
import this one so the worker registers the task under its name
``association.reports.tasks.monthly_compliance_report_task``.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from association.reports.compliance import KIND, previous_month
from association.reports.services import report_generate


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def monthly_compliance_report_task(year: int | None = None, month: int | None = None) -> list[int]:
    """Monthly (beat): the compliance report of the previous calendar month, for the province and each
    prefecture with a regulator office, as xlsx and PDF. ``year``/``month`` re-run a given month.
    The outbox delivery task (every minute) sends the e-mails it queues. Returns the report ids."""
    if year and month:
        start = dt.date(year, month, 1)
        _start, end = previous_month((start + dt.timedelta(days=32)).replace(day=1))
    else:
        start, end = previous_month(timezone.localdate())
    return [report.pk for report in report_generate(kind=KIND, period_start=start, period_end=end)]
