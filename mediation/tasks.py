"""Celery tasks of the mediation app: take plain values, call idempotent services."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from association.reports.compliance import previous_month
from association.reports.services import report_generate
from mediation.reports import ANNUAL_KIND, KIND

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(**RETRY)
def monthly_mediation_statistics_task(year: int | None = None, month: int | None = None) -> list[int]:
    """Monthly (beat): the statistics of the previous calendar month as xlsx, stored with the generated
    reports and e-mailed to association staff through the outbox (exactly once: the report's unique
    constraint). ``year``/``month`` re-run a given month. Returns the report ids."""
    if year and month:
        start = dt.date(year, month, 1)
        _start, end = previous_month((start + dt.timedelta(days=32)).replace(day=1))
    else:
        start, end = previous_month(timezone.localdate())
    return [report.pk for report in report_generate(kind=KIND, period_start=start, period_end=end)]


@shared_task(**RETRY)
def annual_mediation_statistics_task(year: int | None = None) -> list[int]:
    """Yearly (beat, 2 January): the statistics of the previous calendar year as xlsx, published (version 1,
    frozen) and e-mailed to association staff like the monthly report. ``year`` re-runs a given year."""
    year = year or timezone.localdate().year - 1
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return [report.pk for report in report_generate(kind=ANNUAL_KIND, period_start=start, period_end=end)]


@shared_task(**RETRY)
def case_import_task(job_id: int) -> int:
    """Import a large file of historic cases in the background (admin: "Case imports")."""
    from mediation.services.imports import case_import_run

    return case_import_run(job_id=job_id).imported
