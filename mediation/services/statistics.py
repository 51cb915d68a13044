"""Writes of the statistics: the baselines staff enter, and the published figures with their versions.

A published report keeps the figures it showed: ``statistics_published`` returns what was published for a
month or a year (publishing version 1 the first time it is asked, e.g. by the monthly report), and a later
correction is the next version (``statistics_publish`` with a note); no version is ever changed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from mediation.models import PublishedStatistics, StatisticsBaseline
from mediation.selectors import province_statistics
from mediation.statistics import freeze

BASELINE_FIELDS = ("year", "source", "received", "succeeded", "amount", "confirmations", "published_in")


def _ensure_staff(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff enter and publish the statistics."))


# --- baselines ----------------------------------------------------------------------------------------------


@acting
@transaction.atomic
def baseline_create(*, actor, **fields) -> StatisticsBaseline:
    """Enter a year's published totals of one source."""
    _ensure_staff(actor)
    unknown = set(fields) - set(BASELINE_FIELDS)
    if unknown:
        raise TypeError(f"unknown baseline fields: {sorted(unknown)}")
    baseline = StatisticsBaseline(**fields)
    baseline.full_clean()
    baseline.save()
    return baseline


@acting
@transaction.atomic
def baseline_update(*, baseline: StatisticsBaseline, actor, **fields) -> StatisticsBaseline:
    """Correct a baseline (the reports already published keep the figures they showed)."""
    _ensure_staff(actor)
    unknown = set(fields) - set(BASELINE_FIELDS)
    if unknown:
        raise TypeError(f"unknown baseline fields: {sorted(unknown)}")
    baseline = StatisticsBaseline.objects.select_for_update().get(pk=baseline.pk)
    changed = [name for name, value in fields.items() if getattr(baseline, name) != value]
    for name in changed:
        setattr(baseline, name, fields[name])
    if changed:
        baseline.full_clean()
        baseline.save(update_fields=changed)
    return baseline


@acting
@transaction.atomic
def baseline_delete(*, baseline: StatisticsBaseline, actor) -> None:
    _ensure_staff(actor)
    baseline.delete()


# --- published figures ----------------------------------------------------------------------------------------


def _lock_period(kind: str, period_start: dt.date, period_end: dt.date) -> None:
    """Publications of one period queue here (released at the end of the transaction)."""
    with connection.cursor() as cursor:
        key = f"mediation-publication:{kind}:{period_start}:{period_end}"
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def _latest(kind: str, period_start: dt.date, period_end: dt.date) -> PublishedStatistics | None:
    return (
        PublishedStatistics.objects.filter(kind=kind, period_start=period_start, period_end=period_end)
        .order_by("-version")
        .first()
    )


def _publish(kind, period_start, period_end, *, version: int, actor, note: str, now=None) -> PublishedStatistics:
    figures = freeze(province_statistics(date_from=period_start, date_to=period_end))
    publication = PublishedStatistics(
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        version=version,
        figures=figures,
        note=note,
        published_at=now or timezone.now(),
        published_by=actor if actor is not None and actor.pk else None,
    )
    publication.full_clean()
    publication.save()
    return publication


@acting
@transaction.atomic
def statistics_published(
    *, kind: str, period_start: dt.date, period_end: dt.date, actor=None, now: dt.datetime | None = None
) -> PublishedStatistics:
    """What was published for the period: its latest version, or version 1 published now (the scheduled
    reports call this; ``actor`` None: the task)."""
    if actor is not None:
        _ensure_staff(actor)
    _lock_period(kind, period_start, period_end)
    latest = _latest(kind, period_start, period_end)
    if latest is not None:
        return latest
    return _publish(kind, period_start, period_end, version=1, actor=actor, note="", now=now)


@acting
@transaction.atomic
def statistics_publish(
    *, kind: str, period_start: dt.date, period_end: dt.date, actor, note: str = ""
) -> PublishedStatistics:
    """Publish the period's figures as they are now: version 1, or the next version of a period already
    published (a correction: ``note`` says what it changes). Earlier versions stay as they were."""
    _ensure_staff(actor)
    _lock_period(kind, period_start, period_end)
    latest = _latest(kind, period_start, period_end)
    note = (note or "").strip()
    if latest is not None and not note:
        raise ValidationError({"note": _("Say what the correction changes.")})
    version = 1 if latest is None else latest.version + 1
    return _publish(kind, period_start, period_end, version=version, actor=actor, note=note)
