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
def monthly_analysis_task(year: int | None = None, month: int | None = None, line: str = "auto") -> list[int]:
    """Daily (beat): each recent month whose returns are due (the set working day of the next month, which can
    be as late as the 21st) is analysed once, and again as a new version when returns arrived after its analysis
    (the earlier versions are kept); new warnings become notices to the companies. Each version of the
    auto-insurance analysis is stored as a report (xlsx, PDF) and e-mailed to staff and the provincial bureau
    exactly once (the generated report's unique constraint includes the version). Given a month: that month
    only, and nothing before its returns are due. Returns the ids of the analyses' current versions."""
    from selfregulation.services.monitoring import analyses_due, monitoring_analyse, returns_due_at

    now = timezone.now()
    if year and month:
        period = dt.date(year, month, 1)
        reports = [monitoring_analyse(period=period, line=line, now=now)] if now > returns_due_at(period) else []
    else:
        reports = analyses_due(now=now, line=line)
    if line == "auto":
        for report in reports:
            _publish(report)
    return [report.pk for report in reports]


def _publish(report) -> None:
    """The version's report files and e-mails (once per version: ``report_generate`` is idempotent)."""
    from association.reports.services import report_generate
    from selfregulation.reports import MARKET_KIND

    end = (report.period.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    report_generate(kind=MARKET_KIND, period_start=report.period, period_end=end, version=report.version)
