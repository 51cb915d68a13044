"""Reads for generated reports: what a user may list and download."""

from association.choices import Role
from association.models import GeneratedReport


def may_see_reports(user) -> bool:
    """Whether reports are meant for this user at all: association staff, and regulators whose office
    has a region (the same audience as ``GeneratedReport.objects.visible_to``)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_association_staff:
        return True
    return any(m.role == Role.REGULATOR and m.organisation.region_id for m in user.active_memberships)


def report_list(*, user):
    return (
        GeneratedReport.objects.visible_to(user)
        .select_related("region")
        .order_by("-period_start", "region__code", "kind", "file_format", "-pk")
    )
