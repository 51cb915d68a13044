"""Portal pages: findings (with repeats), a finding and its rectification, rectifications, circulars,
conventions, statistics."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from association.choices import AWAITING_MEMBER, AWAITING_REVIEW, ObligationStatus
from association.dates import parse_day
from association.files import send_file
from selfregulation.choices import Severity
from selfregulation.models import Convention, ConventionSignature
from selfregulation.selectors import (
    circular_list,
    finding_list,
    may_see_statistics,
    only_repeats,
    rectification_list,
    repeat_history,
)
from selfregulation.services.conventions import convention_sign, signable_organisations
from selfregulation.services.findings import (
    finding_close,
    rectification_demand,
    rectification_review,
    rectification_submit,
)
from selfregulation.statistics import statistics
from selfregulation.views.inspections import PAGE_SIZE, _visible, flash_errors, page_query

RECT_FILTERS = {
    "open": {"obligation__status__in": AWAITING_MEMBER},
    "review": {"obligation__status__in": AWAITING_REVIEW},
    "accepted": {"obligation__status": ObligationStatus.ACCEPTED},
}


@login_required
def finding_list_view(request):
    _visible(request.user)
    findings = finding_list(user=request.user)
    severity, q = request.GET.get("severity", ""), request.GET.get("q", "").strip()
    if severity in Severity.values:
        findings = findings.filter(severity=severity)
    if q:
        findings = findings.filter(item_code__icontains=q) | findings.filter(organisation__name__icontains=q)
    if request.GET.get("repeat") == "1":
        findings = only_repeats(findings)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "selfregulation/finding_list.html",
        {
            "page_obj": page,
            "page_query": page_query(request),
            "findings": page.object_list,
            "severities": Severity.choices,
            "severity": severity,
            "q": q,
            "repeat": request.GET.get("repeat") == "1",
        },
    )


@login_required
def finding_detail_view(request, pk):
    _visible(request.user)
    finding = get_object_or_404(finding_list(user=request.user).prefetch_related("evidence", "measures"), pk=pk)
    rectification = getattr(finding, "rectification", None)
    obligation = rectification.obligation if rectification else None
    submissions = obligation.submissions.prefetch_related("attachments").order_by("version") if obligation else []
    return render(
        request,
        "selfregulation/finding_detail.html",
        {
            "finding": finding,
            "rectification": rectification,
            "obligation": obligation,
            "submissions": submissions,
            "repeats": repeat_history(finding),
            "rechecks": finding.rechecks.select_related("inspection"),
            "may_submit": obligation is not None
            and obligation.status in AWAITING_MEMBER
            and not request.user.is_regulator
            and request.user.may_act_for(finding.organisation_id),
            "may_review": request.user.is_association_staff
            and obligation is not None
            and obligation.status in AWAITING_REVIEW,
            "may_demand": request.user.is_association_staff and rectification is None and not finding.is_closed,
            "may_close": request.user.is_association_staff and not finding.is_closed,
        },
    )


@login_required
@require_POST
def finding_rectification_view(request, pk):
    """demand (staff), submit (the company), accept / return (staff), close the finding (staff)."""
    _visible(request.user)
    finding = get_object_or_404(finding_list(user=request.user), pk=pk)
    action = request.POST.get("action", "")
    user = request.user
    rectification = getattr(finding, "rectification", None)
    if action == "submit":
        if user.is_regulator or not user.may_act_for(finding.organisation_id):
            raise PermissionDenied
    elif not user.is_association_staff:
        raise PermissionDenied
    try:
        if action == "demand":
            due = parse_datetime(request.POST.get("due_at", "") or "")
            if due is None:
                raise ValidationError({"due_at": _("Enter the deadline as date and time.")})
            if timezone.is_naive(due):
                due = timezone.make_aware(due)
            rectification_demand(finding=finding, due_at=due, demand=request.POST.get("demand", ""), actor=user)
        elif action == "close":
            finding_close(finding=finding, actor=user, reason=request.POST.get("reason", ""))
        elif rectification is None:
            raise ValidationError(_("No rectification has been demanded for this finding."))
        elif action == "submit":
            rectification_submit(
                rectification=rectification,
                actor=user,
                text=request.POST.get("text", ""),
                files=request.FILES.getlist("files"),
            )
        elif action in ("accept", "return"):
            rectification_review(
                rectification=rectification,
                actor=user,
                accept=action == "accept",
                comment=request.POST.get("comment", ""),
            )
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("selfregulation-finding-detail", pk=pk)


@login_required
def rectification_list_view(request):
    _visible(request.user)
    rectifications = rectification_list(user=request.user)
    state = request.GET.get("state", "")
    if state in RECT_FILTERS:
        rectifications = rectifications.filter(**RECT_FILTERS[state])
    if request.GET.get("overdue") == "1":
        rectifications = rectifications.filter(
            obligation__status__in=AWAITING_MEMBER, obligation__due_at__lt=timezone.now()
        )
    page = Paginator(rectifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "selfregulation/rectification_list.html",
        {
            "page_obj": page,
            "page_query": page_query(request),
            "rectifications": page.object_list,
            "state": state,
            "now": timezone.now(),
            "overdue": request.GET.get("overdue") == "1",
        },
    )


@login_required
def circular_list_view(request):
    _visible(request.user)
    return render(request, "selfregulation/circular_list.html", {"circulars": circular_list(user=request.user)})


@login_required
def circular_pdf_view(request, pk):
    _visible(request.user)
    circular = get_object_or_404(circular_list(user=request.user), pk=pk)
    return send_file(
        circular.document, content_type="application/pdf", filename=f"circular-{circular.pk}.pdf", as_attachment=False
    )


@login_required
def convention_document_view(request, pk):
    """A convention's text, for those who read the conventions (never a /media/ URL)."""
    _visible(request.user)
    convention = get_object_or_404(Convention.objects.all(), pk=pk)
    return send_file(convention.document, filename=os.path.basename(convention.document.name or ""))


@login_required
def convention_list_view(request):
    _visible(request.user)
    ids = request.user.visible_organisation_ids()
    mine = ConventionSignature.objects.visible_to(request.user).select_related("organisation")
    conventions = Convention.objects.annotate(signature_count=Count("signatures")).prefetch_related(
        Prefetch("signatures", queryset=mine.order_by("organisation__name"), to_attr="visible_signatures")
    )
    signable = list(signable_organisations(request.user)) if not request.user.is_regulator else []
    if request.user.is_association_staff:
        signable = []  # staff record paper signatures in the admin
    return render(
        request,
        "selfregulation/convention_list.html",
        {"conventions": conventions, "signable": signable, "all_orgs": ids is None},
    )


@login_required
@require_POST
def convention_sign_view(request, pk):
    _visible(request.user)
    convention = get_object_or_404(Convention, pk=pk)
    allowed = {o.pk: o for o in signable_organisations(request.user)} if not request.user.is_regulator else {}
    if not allowed:
        raise PermissionDenied
    organisation = allowed.get(int(request.POST.get("organisation") or 0))
    if organisation is None:
        messages.error(request, _("Choose your company."))
        return redirect("selfregulation-conventions")
    try:
        convention_sign(convention=convention, organisation=organisation, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Signed."))
    return redirect("selfregulation-conventions")


@login_required
def statistics_view(request):
    if not may_see_statistics(request.user):
        raise Http404
    today = timezone.localdate()
    try:
        date_from = parse_day(request.GET.get("date_from") or f"{today.year - 2}-01-01")
        date_to = parse_day(request.GET.get("date_to") or today.isoformat())
    except ValueError as exc:
        messages.error(request, str(exc))
        date_from, date_to = today.replace(year=today.year - 2, month=1, day=1), today
    stats = statistics(user=request.user, date_from=date_from, date_to=date_to)
    top_item = max([r["n"] for r in stats["by_item"]] + [1])
    for r in stats["by_item"]:
        r["bar"] = round(100 * r["n"] / top_item)
    return render(
        request, "selfregulation/statistics.html", {"stats": stats, "date_from": date_from, "date_to": date_to}
    )
