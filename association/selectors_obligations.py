"""Reads for obligations: the inbox and the compliance table."""

import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone

from association.choices import AWAITING_MEMBER, ObligationStatus
from association.models import Obligation, Organisation


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


def compliance_rows(*, user, start: dt.date, end: dt.date, now=None):
    """Per organisation: obligations due in [start, end], on time, late, still overdue, on-time rate."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    end_at = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    in_period = Q(obligations__due_at__gte=start_at, obligations__due_at__lt=end_at) & ~Q(
        obligations__status=ObligationStatus.CANCELLED
    )
    submitted = Q(obligations__submitted_at__isnull=False)
    rows = (
        Organisation.objects.visible_to(user)
        .members()
        .annotate(
            due=Count("obligations", filter=in_period),
            on_time=Count(
                "obligations", filter=in_period & submitted & Q(obligations__submitted_at__lte=F("obligations__due_at"))
            ),
            late=Count(
                "obligations", filter=in_period & submitted & Q(obligations__submitted_at__gt=F("obligations__due_at"))
            ),
            overdue=Count(
                "obligations",
                filter=in_period & Q(obligations__status__in=AWAITING_MEMBER, obligations__due_at__lt=now),
            ),
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
