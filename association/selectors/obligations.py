"""Reads for obligations: the inbox and the compliance table."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from association.choices import AWAITING_MEMBER, ObligationStatus
from association.models import Obligation, Organisation
from association.models.obligations import timeliness


def obligation_list(*, user):
    return Obligation.objects.visible_to(user).select_related("organisation", "subject_type")


def inbox(*, user, kind: str | None = None):
    """What the user's organisations still owe, next due first."""
    qs = obligation_list(user=user).filter(
        status__in=[*AWAITING_MEMBER, ObligationStatus.SUBMITTED, ObligationStatus.RESUBMITTED]
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("due_at", "id")


#: compliance days are Beijing days, whatever zone a request may have activated
BEIJING = ZoneInfo("Asia/Shanghai")


def week_bounds(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """This week in Beijing time, Monday 00:00 to the next Monday 00:00 (the overview's "due this week"
    and the inbox's ``?due=week`` both use it)."""
    today = now.astimezone(BEIJING).date()
    monday = today - dt.timedelta(days=today.weekday())
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=BEIJING)
    return start, start + dt.timedelta(days=7)


def compliance_rows(*, user, start: dt.date, end: dt.date, now=None):
    """Per organisation the user may see: obligations due in [start, end], on time, late, overdue, rate."""
    return compliance_figures(
        organisations=Organisation.objects.visible_to(user), start=start, end=end, now=now or timezone.now()
    )


def compliance_figures(*, organisations: QuerySet, start: dt.date, end: dt.date, now: dt.datetime) -> list:
    """Member organisations of ``organisations`` with obligations due in [start, end] (Beijing days), annotated
    ``due``, ``on_time``, ``late``, ``overdue``, ``pending`` and ``on_time_rate`` (None when nothing is decided).

    ``compliance_rows`` applies it to a user's scope; the monthly report to a region's organisations.
    An obligation counts once, in the period of its original due time (a new due time given with a return,
    or after the deadline passed, does not move it), by :func:`association.models.obligations.timeliness`:
    late = first submitted after the original due time (whatever happens after), or the latest submission
    after the due time in force; on time = submitted, not late; overdue = still owed and past due;
    pending = the rest (not yet due, or closed without a submission time); cancelled ones do not count,
    unless their first submission was late.
    """
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=BEIJING)
    end_at = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=BEIJING)
    rule = timeliness("obligations__", now)
    in_period = Q(obligations__original_due_at__gte=start_at, obligations__original_due_at__lt=end_at) & rule["counted"]
    rows = (
        organisations.members()
        # only the period's obligations are joined (the counts below all look at them alone), so the
        # query reads the period's rows by the original_due_at index instead of every obligation ever
        .filter(obligations__original_due_at__gte=start_at, obligations__original_due_at__lt=end_at)
        .annotate(
            due=Count("obligations", filter=in_period),
            on_time=Count("obligations", filter=in_period & rule["on_time"]),
            late=Count("obligations", filter=in_period & rule["late"]),
            overdue=Count("obligations", filter=in_period & rule["overdue"]),
        )
        .filter(due__gt=0)
        .select_related("region")
        .order_by("name")
    )
    result = []
    for org in rows:
        decided = org.on_time + org.late + org.overdue
        org.on_time_rate = (org.on_time / decided) if decided else None
        org.pending = org.due - decided
        result.append(org)
    return result
