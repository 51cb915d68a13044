"""Reads: scoped case querysets with the joins their pages need (constant query count per page)."""

import datetime as dt

from mediation.models import Case, PublishedStatistics, StatisticsBaseline
from mediation.statistics import case_statistics


def case_list(*, user):
    return Case.objects.visible_to(user).select_related("respondent__region", "mediator")


def case_detail_queryset(*, user):
    return case_list(user=user).prefetch_related("sessions")


def may_see_statistics(user) -> bool:
    """Statistics: association staff (all) and regulators (their region's cases)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_association_staff or user.is_regulator


def statistics_cases(*, user):
    return Case.objects.visible_to(user)


def statistics_baselines(*, user):
    """The published totals of earlier years: province-wide, so only for those who see every case."""
    return StatisticsBaseline.objects.visible_to(user)


def statistics_for(*, user, date_from: dt.date, date_to: dt.date, breakdowns: bool = True) -> dict:
    """The figures ``user`` may see: the cases in their scope, with the baselines when that is the province."""
    return case_statistics(
        date_from=date_from,
        date_to=date_to,
        cases=statistics_cases(user=user),
        baselines=list(statistics_baselines(user=user)),
        breakdowns=breakdowns,
    )


def province_statistics(*, date_from: dt.date, date_to: dt.date, breakdowns: bool = True) -> dict:
    """The province's figures (for publishing): every case, with the baselines."""
    return case_statistics(
        date_from=date_from,
        date_to=date_to,
        cases=Case.objects.all(),
        baselines=list(StatisticsBaseline.objects.all()),
        breakdowns=breakdowns,
    )


def published_statistics(*, user):
    """The published versions ``user`` may read (province-wide figures), newest period first."""
    return PublishedStatistics.objects.visible_to(user).select_related("published_by")
