"""Portal pages: inspections (list = the app's home), planning, detail with every step, checklist entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from association.choices import AWAITING_REVIEW
from association.models import Organisation
from association.models.scoping import may_read_records
from association.services.obligations import obligation_accept, obligation_return
from selfregulation.choices import InspectionKind, InspectionStatus, LineOfBusiness, Verdict
from selfregulation.forms import FindingForm, InspectionForm, MeasureForm, RecheckForm, TeamForm
from selfregulation.models import Finding, RecheckResult
from selfregulation.selectors import (
    attention,
    inspection_detail,
    inspection_list,
    may_see_statistics,
    on_team,
    target_for,
)
from selfregulation.services.discipline import circular_generate, circular_issue, measure_decide
from selfregulation.services.findings import finding_create, recheck_create, recheck_verdict
from selfregulation.services.inspections import (
    inspection_create,
    inspection_transition,
    may_record,
    results_record,
    self_inspection_submit,
    team_member_add,
)

PAGE_SIZE = 50


def _visible(user):
    if not may_read_records(user):
        raise Http404


def page_query(request) -> str:
    """The list's filters, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def flash_errors(request, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for e in errors:
                messages.error(request, e if field == "__all__" else f"{field}: {e}")
    else:
        for e in exc.messages:
            messages.error(request, e)


@login_required
def home_view(request):
    """The app's landing page for every role that may use it: the inspections they may see."""
    _visible(request.user)
    inspections = inspection_list(user=request.user)
    kind, status, line = (request.GET.get(k, "") for k in ("kind", "status", "line"))
    if kind in InspectionKind.values:
        inspections = inspections.filter(kind=kind)
    if status in InspectionStatus.values:
        inspections = inspections.filter(status=status)
    if line in LineOfBusiness.values:
        inspections = inspections.filter(line=line)
    page = Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "selfregulation/home.html",
        {
            "page_obj": page,
            "page_query": page_query(request),
            "inspections": page.object_list,
            "kinds": InspectionKind.choices,
            "statuses": InspectionStatus.choices,
            "lines": LineOfBusiness.choices,
            "kind": kind,
            "status": status,
            "line": line,
            "may_create": request.user.is_association_staff,
            "may_see_statistics": may_see_statistics(request.user),
            "attention": attention(user=request.user),
        },
    )


@login_required
def inspection_create_view(request):
    if not request.user.is_association_staff:
        raise Http404
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = inspection_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Inspection planned."))
            return redirect("selfregulation-inspection-detail", pk=inspection.pk)
    return render(request, "selfregulation/inspection_form.html", {"form": form})


@login_required
def inspection_detail_view(request, pk):
    _visible(request.user)
    whole = request.user.is_association_staff or on_team(request.user, pk)
    inspection = get_object_or_404(inspection_detail(user=request.user, whole=whole), pk=pk)
    staff = request.user.is_association_staff
    next_status = {
        InspectionStatus.PLANNED: InspectionStatus.IN_PROGRESS,
        InspectionStatus.IN_PROGRESS: InspectionStatus.REPORT_ISSUED,
        InspectionStatus.REPORT_ISSUED: InspectionStatus.CLOSED,
    }.get(inspection.status)
    measure_form = MeasureForm()
    measure_form.fields["findings"].choices = [(f.pk, str(f)) for f in inspection.visible_findings]
    return render(
        request,
        "selfregulation/inspection_detail.html",
        {
            "inspection": inspection,
            "staff": staff,
            "next_status": next_status,
            "next_label": InspectionStatus(next_status).label if next_status else "",
            "team_form": TeamForm() if staff else None,
            "finding_form": FindingForm() if staff else None,
            "measure_form": measure_form if staff else None,
            "recheck_form": RecheckForm() if staff else None,
            "items": list(inspection.checklist.items.all()),
            "verdicts": Verdict.choices,
            "awaiting_review": AWAITING_REVIEW,
            "open": inspection.status != InspectionStatus.CLOSED,
        },
    )


@login_required
@require_POST
def inspection_action_view(request, pk):
    """Every staff step on an inspection, by ``action``; read-only viewers get 403."""
    _visible(request.user)
    inspection = get_object_or_404(inspection_list(user=request.user), pk=pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    action = request.POST.get("action", "")
    handler = ACTIONS.get(action)
    if handler is None:
        messages.error(request, _("Unknown action."))
        return redirect("selfregulation-inspection-detail", pk=pk)
    try:
        result = handler(request, inspection)
    except ValidationError as exc:
        flash_errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Not allowed."))
    else:
        if result is not None:
            return result
        messages.success(request, _("Done."))
    return redirect("selfregulation-inspection-detail", pk=pk)


def _form_or_raise(form):
    if not form.is_valid():
        raise ValidationError(dict(form.errors.items()))
    return form.cleaned_data


def _advance(request, inspection):
    inspection_transition(
        inspection=inspection,
        actor=request.user,
        to=request.POST.get("to", ""),
        summary=request.POST.get("summary", ""),
    )


def _team(request, inspection):
    data = _form_or_raise(TeamForm(request.POST))
    team_member_add(inspection=inspection, user=data["user"], role=data["role"], actor=request.user)


def _finding(request, inspection):
    data = _form_or_raise(FindingForm(request.POST, request.FILES))
    target = get_object_or_404(inspection.targets, pk=data["target"])
    item = get_object_or_404(inspection.checklist.items, pk=data["item"])
    finding_create(
        target=target,
        item=item,
        description=data["description"],
        severity=data["severity"],
        actor=request.user,
        files=[data["evidence"]] if data.get("evidence") else [],
        rectify_by=data.get("rectify_by"),
        demand=data.get("demand", ""),
    )


def _measure(request, inspection):
    form = MeasureForm(request.POST)
    form.fields["findings"].choices = [(str(f.pk), str(f.pk)) for f in inspection.findings.all()]
    data = _form_or_raise(form)
    organisation = get_object_or_404(Organisation, pk=data["organisation"], inspection_targets__inspection=inspection)
    measure_decide(
        organisation=organisation,
        measure=data["measure"],
        reason=data["reason"],
        decided_by=data["decided_by"],
        decided_on=data["decided_on"],
        findings=Finding.objects.visible_to(request.user).filter(inspection=inspection, pk__in=data["findings"]),
        inspection=inspection,
        actor=request.user,
    )


def _recheck(request, inspection):
    data = _form_or_raise(RecheckForm(request.POST))
    chosen = Finding.objects.visible_to(request.user).filter(
        inspection=inspection, pk__in=request.POST.getlist("findings")
    )
    recheck = recheck_create(original=inspection, findings=chosen, actor=request.user, **data)
    messages.success(request, _("Re-check planned."))
    return redirect("selfregulation-inspection-detail", pk=recheck.pk)


def _verdict(request, inspection):
    result = get_object_or_404(RecheckResult, inspection=inspection, pk=request.POST.get("result"))
    recheck_verdict(
        result=result, verdict=request.POST.get("verdict", ""), note=request.POST.get("note", ""), actor=request.user
    )


def _circular(request, inspection):
    circular_generate(
        inspection=inspection,
        actor=request.user,
        reference=request.POST.get("reference", ""),
        title=request.POST.get("title", ""),
    )


def _issue_circular(request, inspection):
    circular = get_object_or_404(inspection.circulars, pk=request.POST.get("circular"))
    circular_issue(circular=circular, actor=request.user)


def _review_self(request, inspection):
    target = get_object_or_404(inspection.targets.select_related("obligation"), pk=request.POST.get("target"))
    if target.obligation is None:
        raise ValidationError(_("This is not a self-inspection."))
    if request.POST.get("decision") == "accept":
        obligation_accept(obligation=target.obligation, actor=request.user, comment=request.POST.get("comment", ""))
    else:
        obligation_return(obligation=target.obligation, actor=request.user, comment=request.POST.get("comment", ""))


ACTIONS = {
    "advance": _advance,
    "team": _team,
    "finding": _finding,
    "measure": _measure,
    "recheck": _recheck,
    "verdict": _verdict,
    "circular": _circular,
    "issue_circular": _issue_circular,
    "review_self": _review_self,
}


@login_required
def target_view(request, pk, target_pk):
    """The checklist of one inspected company: scores, notes, evidence. Staff and the team record them;
    a member fills its own self-inspection and hands it in; everyone else in scope reads."""
    _visible(request.user)
    target = target_for(user=request.user, inspection_id=pk, pk=target_pk)
    inspection = target.inspection
    editable = may_record(request.user, target)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        items = list(inspection.checklist.items.all())
        scores = {
            i.pk: (request.POST.get(f"score_{i.pk}"), request.POST.get(f"note_{i.pk}", ""))
            for i in items
            if (request.POST.get(f"score_{i.pk}") or "").strip()
        }
        files = {
            i.pk: request.FILES.getlist(f"evidence_{i.pk}") for i in items if request.FILES.getlist(f"evidence_{i.pk}")
        }
        try:
            if inspection.kind == InspectionKind.SELF and not request.user.is_association_staff:
                if request.POST.get("hand_in"):
                    self_inspection_submit(
                        target=target, actor=request.user, scores=scores, files=files, text=request.POST.get("text", "")
                    )
                    messages.success(request, _("Self-inspection handed in for review."))
                else:
                    results_record(target=target, actor=request.user, scores=scores, files=files)
                    messages.success(request, _("Saved."))
            else:
                results_record(target=target, actor=request.user, scores=scores, files=files)
                messages.success(request, _("Saved."))
        except ValidationError as exc:
            flash_errors(request, exc)
        return redirect("selfregulation-target", pk=pk, target_pk=target.pk)
    results = {r.item_id: r for r in target.results.prefetch_related("evidence")}
    sections = []
    for section in inspection.checklist.sections.prefetch_related("items"):
        sections.append((section, [(item, results.get(item.pk)) for item in section.items.all()]))
    return render(
        request,
        "selfregulation/target.html",
        {
            "target": target,
            "inspection": inspection,
            "sections": sections,
            "editable": editable,
            "self_inspection": inspection.kind == InspectionKind.SELF,
            "max_total": inspection.checklist.max_total,
        },
    )
