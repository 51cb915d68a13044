"""Portal pages of disaster operations (seed 002, art. 7–8): record an event and re-estimate it (with the grade
shown as the estimates are typed), open a response, change its level, request level I and record the answer,
declare a grade, terminate. Regulators act for their office; staff on a regulator's behalf. Who may do what is
``disasters.authority``; the services check it again (one door)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from association.models import Region
from disasters import operation_forms as f
from disasters import selectors
from disasters.authority import levels_allowed, may_record
from disasters.choices import ChangeKind, ChangeStatus, Grade
from disasters.grading import grade_with_reason
from disasters.models import LevelChange
from disasters.services.events import event_create, event_declare_grade, event_update_estimates
from disasters.services.responses import (
    level_request_decide,
    response_change_level,
    response_open,
    response_terminate,
)


def _add_errors(form, exc) -> None:
    if isinstance(exc, PermissionDenied) or not hasattr(exc, "message_dict"):
        form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _recordable_regions(user):
    """Regions the user may record an event in: all for staff and the provincial bureau, its own for a
    sub-bureau; ``None`` for a user who records none."""
    if not (user.is_association_staff or user.is_regulator):
        return None
    ids = None if user.is_association_staff else user.regulated_region_ids()
    regions = Region.objects.order_by("code")
    return regions if ids is None else regions.filter(pk__in=ids)


@login_required
def event_record(request):
    regions = _recordable_regions(request.user)
    if regions is None:
        raise Http404
    form = f.EventForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The event was recorded."))
            return redirect("disaster-event-detail", pk=event.pk)
    return render(request, "disasters/event_form.html", {"form": form, "event": None})


@login_required
def event_estimates(request, pk):
    event = get_object_or_404(selectors.event_list(user=request.user), pk=pk)
    if request.user.is_member_user and not (request.user.is_association_staff or request.user.is_regulator):
        raise Http404
    if not may_record(request.user, region_ids=set(event.regions.values_list("pk", flat=True))):
        raise Http404
    initial = {name: getattr(event, name) for name in f.ESTIMATES}
    form = f.EstimatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event_update_estimates(event=event, actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The estimates were saved."))
            return redirect("disaster-event-detail", pk=event.pk)
    return render(request, "disasters/event_form.html", {"form": form, "event": event})


def _occurred_at(value: str):
    """The typed time of occurrence (the grading rule then in force), now when it is missing or malformed."""
    try:
        parsed = parse_datetime(value[:40])
    except ValueError:
        parsed = None
    if parsed is None:
        return timezone.now()
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@require_GET
@login_required
def grade_preview(request):
    """The grade the estimates give, by the pure grading function under the rule in force (JSON, for the form)."""
    if not (request.user.is_association_staff or request.user.is_regulator):
        raise Http404
    try:
        figures = [Decimal(request.GET.get(name) or 0) for name in ("est_property_loss", "est_casualty_payout")]
        deaths = int(request.GET.get("insured_deaths") or 0)
        if any(not x.is_finite() or x < 0 for x in figures) or deaths < 0:
            raise ValueError
    except (InvalidOperation, ValueError):
        return JsonResponse({"grade": None, "text": _("Enter amounts and numbers of zero or more.")})
    rule = selectors.rule_in_force(selectors.today_beijing(_occurred_at(request.GET.get("occurred_at", ""))))
    result = grade_with_reason(*figures, deaths, rule=rule.bounds if rule else None)
    if result.grade is None:
        text = _("Below grade III: no graded response.")
    else:
        text = _("Grade %(grade)s, set by: %(criterion)s") % {
            "grade": Grade(result.grade).label,
            "criterion": result.criterion.label,
        }
    return JsonResponse({
        "grade": result.grade, "criterion": result.criterion, "text": text, "rule": str(rule) if rule else "",
    })  # fmt: skip


# --- response steps -------------------------------------------------------------------------------------


def _pending_request(running):
    if running is None:
        return None
    return LevelChange.objects.filter(response=running, kind=ChangeKind.LEVEL, status=ChangeStatus.REQUESTED).first()


def available_steps(user, event, running, pending=None) -> dict:
    """The steps ``user`` may take now on ``event`` (for the buttons on the event page and the step pages)."""
    if not (user.is_association_staff or user.is_regulator):
        return {}
    allowed = levels_allowed(user, region_ids={r.pk for r in event.regions.all()})
    levels = [g for g in Grade.values if g in allowed]
    steps = {}
    if "" in allowed:
        steps["estimates"] = True
    if running is None and levels:
        steps["open"] = levels
    if running is not None and running.level in allowed:
        change_to = [g for g in levels if g != running.level and not (g == Grade.I and pending is not None)]
        if change_to:
            steps["change"] = change_to
        steps["terminate"] = True
        if pending is not None and Grade.I in allowed:
            steps["decide"] = pending
    if event.declared_grade in allowed and levels:
        steps["declare"] = levels + ([""] if event.declared_grade else [])
    return steps


STEPS = {
    "open": (f.ResponseOpenForm, gettext_lazy("Open a response"), gettext_lazy(
        "Open the response? The companies' report clocks start; this cannot be undone (terminate the response "
        "to end it).")),
    "change": (f.LevelChangeForm, gettext_lazy("Change the response level"), gettext_lazy(
        "Change the response level? The change is recorded with your reason and cannot be undone.")),
    "decide": (f.DecisionForm, gettext_lazy("Record the national regulator's answer"), gettext_lazy(
        "Record this answer of the national regulator? It cannot be undone.")),
    "declare": (f.DeclareGradeForm, gettext_lazy("Declare a grade for other reasons"), gettext_lazy(
        "Declare this grade? It becomes the event's grade and is recorded with your reason.")),
    "terminate": (f.TerminateForm, gettext_lazy("Terminate the response"), gettext_lazy(
        "Terminate the response? Reports not yet due are no longer owed; this cannot be undone.")),
}  # fmt: skip


def _perform(step, form, *, user, event, running, pending):
    data = dict(form.cleaned_data)
    data.pop("on_behalf_of", None)
    common = {"actor": user, **form.service_kwargs()}
    if step == "open":
        response_open(event=event, level=data["level"], reason=data["reason"], **common)
        return _("The response was opened.")
    if step == "change":
        change = response_change_level(response=running, level=data["level"], reason=data["reason"], **common)
        if change.status == ChangeStatus.REQUESTED:
            return _("Level I was requested from the national regulator.")
        return _("The response level was changed.")
    if step == "decide":
        level_request_decide(change=pending, approve=data["approve"], note=data["note"], **common)
        return _("The national regulator's answer was recorded.")
    if step == "declare":
        event_declare_grade(event=event, grade=data["grade"], reason=data["reason"], **common)
        return _("The declared grade was recorded.")
    response_terminate(response=running, reason=data["reason"], **common)
    return _("The response was terminated.")


@login_required
def event_step(request, pk, step):
    """One response step on its own page: the form, then a confirmation before it is taken."""
    if step not in STEPS or not (request.user.is_association_staff or request.user.is_regulator):
        raise Http404
    event = get_object_or_404(selectors.event_list(user=request.user), pk=pk)
    running = selectors.running_response(event)
    pending = _pending_request(running)
    steps = available_steps(request.user, event, running, pending)
    if step not in steps:
        raise Http404
    form_class, title, confirm = STEPS[step]
    kwargs = {"user": request.user}
    if step in ("open", "change"):
        kwargs["levels"] = steps[step]
    if step == "declare":
        kwargs["grades"] = steps[step]
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            done = _perform(step, form, user=request.user, event=event, running=running, pending=pending)
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("disaster-event-detail", pk=event.pk)
    context = {
        "event": event, "running": running, "pending": pending, "form": form, "step": step, "title": title,
        "confirm": confirm,
    }  # fmt: skip
    return render(request, "disasters/event_step.html", context)
