"""Reads: every list starts from ``visible_to(user)`` and loads what it shows in a fixed number of queries."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from selfregulation.models import (
    Circular,
    DisciplinaryMeasure,
    Finding,
    Inspection,
    InspectionTarget,
    MonitoringReport,
    MonthlyReturn,
    RecheckResult,
    Rectification,
    TeamMember,
)


def inspection_list(*, user):
    return (
        Inspection.objects.visible_to(user)
        .select_related("checklist", "rechecks")
        .annotate(
            target_count=Count("targets", distinct=True),
            finding_count=Count("findings", distinct=True),
        )
        .order_by("-planned_start", "-id")
    )


def inspection_detail(*, user, whole: bool = False):
    """``whole``: the user is on the inspection's team and sees every company inspected."""
    targets = InspectionTarget.objects.select_related("organisation", "obligation").order_by("organisation__name")
    ids = None if whole else user.visible_organisation_ids()
    if ids is not None:
        targets = targets.filter(organisation_id__in=ids)
    findings = (
        Finding.objects.select_related("organisation", "item", "rectification__obligation")
        .annotate(repeat_count=_repeat_count())
        .order_by("organisation__name", "item_code")
    )
    if ids is not None:
        findings = findings.filter(organisation_id__in=ids)
    return inspection_list(user=user).prefetch_related(
        Prefetch("targets", queryset=targets, to_attr="visible_targets"),
        Prefetch("findings", queryset=findings, to_attr="visible_findings"),
        Prefetch("team", queryset=TeamMember.objects.select_related("user", "home_organisation")),
        Prefetch(
            "recheck_results",
            queryset=RecheckResult.objects.select_related("finding__organisation", "finding__item").filter(
                **({} if ids is None else {"finding__organisation_id__in": ids})
            ),
        ),
        Prefetch("measures", queryset=DisciplinaryMeasure.objects.select_related("organisation")),
        "circulars",
        "checklist__sections__items",
    )


def _earlier():
    """Earlier findings of the same company and checklist item code in other inspections."""
    return (
        Finding.objects.filter(organisation_id=OuterRef("organisation_id"), item_code=OuterRef("item_code"))
        .exclude(inspection_id=OuterRef("inspection_id"))
        .filter(Q(found_on__lt=OuterRef("found_on")) | Q(found_on=OuterRef("found_on"), id__lt=OuterRef("id")))
        .order_by()
    )


def _repeat_count():
    earlier = _earlier().values("organisation_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(earlier, output_field=IntegerField()), Value(0))


def only_repeats(findings, value: bool = True):
    """Findings that repeat an earlier one (an EXISTS, cheaper than filtering on the count)."""
    return findings.filter(Exists(_earlier())) if value else findings.exclude(Exists(_earlier()))


def finding_list(*, user):
    return (
        Finding.objects.visible_to(user)
        .select_related("organisation", "item", "inspection", "rectification__obligation")
        .annotate(repeat_count=_repeat_count())
        .order_by("-found_on", "-id")
    )


def repeat_history(finding: Finding):
    return (
        Finding.objects.filter(organisation_id=finding.organisation_id, item_code=finding.item_code)
        .exclude(pk=finding.pk)
        .select_related("inspection")
        .order_by("-found_on")
    )


def rectification_list(*, user):
    return (
        Rectification.objects.visible_to(user)
        .select_related("finding__organisation", "finding__item", "finding__inspection", "obligation")
        .order_by("obligation__due_at", "id")
    )


def circular_list(*, user):
    """Issued circulars go to all members (and are shown to regulators); staff also see drafts."""
    return Circular.objects.visible_to(user).select_related("inspection", "notice")


def return_list(*, user):
    return MonthlyReturn.objects.visible_to(user).select_related("organisation", "submitted_by", "replaced_by")


def report_list(*, user):
    return MonitoringReport.objects.visible_to(user)


def on_team(user, inspection_id) -> bool:
    return user.is_authenticated and TeamMember.objects.filter(inspection_id=inspection_id, user=user).exists()


def target_for(*, user, inspection_id: int, pk: int) -> InspectionTarget:
    """A target the user may open: staff, the inspection's team, or users of the inspected company."""
    from django.http import Http404

    qs = InspectionTarget.objects.select_related("inspection__checklist", "organisation", "obligation").filter(
        inspection__in=Inspection.objects.visible_to(user), inspection_id=inspection_id, pk=pk
    )
    target = qs.first()
    if target is None:
        raise Http404
    ids = user.visible_organisation_ids()
    if ids is not None and target.organisation_id not in ids and not on_team(user, inspection_id):
        raise Http404
    return target


def attention(*, user) -> dict:
    """What needs doing, for the landing page: members see what they owe, staff what awaits review."""
    from django.utils import timezone

    from association.choices import AWAITING_MEMBER, AWAITING_REVIEW

    rect = Rectification.objects.visible_to(user)
    targets = InspectionTarget.objects.visible_to(user).filter(obligation__isnull=False)
    now = timezone.now()
    return rect.aggregate(
        rect_open=Count("id", filter=Q(obligation__status__in=AWAITING_MEMBER)),
        rect_overdue=Count("id", filter=Q(obligation__status__in=AWAITING_MEMBER, obligation__due_at__lt=now)),
        rect_review=Count("id", filter=Q(obligation__status__in=AWAITING_REVIEW)),
    ) | targets.aggregate(
        self_open=Count("id", filter=Q(obligation__status__in=AWAITING_MEMBER)),
        self_review=Count("id", filter=Q(obligation__status__in=AWAITING_REVIEW)),
    )


def may_see_statistics(user) -> bool:
    return user.is_authenticated and (user.is_association_staff or user.is_regulator)


#: the dedupe key of a month's data-return obligation: ``sr-return:<line>:<YYYY-MM>:<organisation id>``
RETURN_KEY_PREFIX = "sr-return:"


def obligation_answer_page(obligation) -> str | None:
    """Where a monthly market return is answered: the structured return form, for that company and month
    (association.answer_pages). Other obligations of this app are answered in the inbox (None)."""
    key = obligation.dedupe_key or ""
    if not key.startswith(RETURN_KEY_PREFIX):
        return None
    parts = key.split(":")
    if len(parts) != 4:
        return None
    _prefix, _line, month, organisation_id = parts  # the form takes auto-insurance figures, the one line so far
    query = urlencode({"organisation": organisation_id, "month": month})
    return f"{reverse('selfregulation-returns')}?{query}#return-form"
