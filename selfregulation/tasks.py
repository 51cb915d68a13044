"""Celery tasks of self-regulation: take plain values, call idempotent services."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from selfregulation.rules import previous_month

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


def _month(year, month) -> dt.date:
    return dt.date(year, month, 1) if year and month else previous_month(timezone.localdate())


@shared_task(**RETRY)
def monthly_returns_open_task(year: int | None = None, month: int | None = None, line: str = "auto") -> int:
    """1st of each month (beat): every reporting company owes last month's figures (one obligation each,
    idempotent by its dedupe key)."""
    from selfregulation.services.monitoring import returns_open

    return returns_open(period=_month(year, month), line=line)


@shared_task(**RETRY)
def monthly_analysis_task(year: int | None = None, month: int | None = None, line: str = "auto") -> int:
    """After the due day (beat): the monthly analysis of last month; new warnings become notices to the
    companies; the auto-insurance analysis is also stored as a report (xlsx, PDF) and e-mailed to staff and
    the provincial bureau (exactly once: the generated report's unique constraint)."""
    from association.reports.services import report_generate
    from selfregulation.reports import MARKET_KIND
    from selfregulation.services.monitoring import monitoring_analyse

    period = _month(year, month)
    report = monitoring_analyse(period=period, line=line)
    if line == "auto":
        end = (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        report_generate(kind=MARKET_KIND, period_start=period, period_end=end)
    return report.pk
