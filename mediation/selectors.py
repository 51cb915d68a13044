"""Reads: scoped case querysets with the joins their pages need (constant query count per page)."""

from mediation.models import Case


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
