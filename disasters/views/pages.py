"""Portal pages: event list, event page (staff, regulators, affected members), the member's daily loss report,
summaries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from association.dates import parse_day
from association.files import send_file
from association.models import Organisation
from disasters import selectors
from disasters.choices import ChangeStatus, ReportSource
from disasters.dashboard import days_owed, roll_call, timeliness
from disasters.forms import LossReportForm
from disasters.models import DailySummary, LossReport
from disasters.services.loss_reports import loss_report_submit
from disasters.views.operations import available_steps
from messaging.selectors import timeline as urgent_timeline

ROLL_CALL_DAYS = 31


def may_see_dashboard(user) -> bool:
    return user.is_association_staff or user.is_regulator


def _recordable(user) -> bool:
    return user.is_association_staff or user.is_regulator


@login_required
def event_list(request):
    events = selectors.event_list(user=request.user)
    running = request.GET.get("running") == "1"
    if running:
        events = selectors.with_running_response(events)
    period = None  # the overview's "events in the period"; a bad date shows every event, saying why
    if request.GET.get("date_from") or request.GET.get("date_to"):
        try:
            period = (parse_day(request.GET.get("date_from")), parse_day(request.GET.get("date_to")))
        except ValueError as exc:
            messages.error(request, str(exc))
    if period:
        events = selectors.occurred_between(events, *period)
    total = events.count()
    events = list(events[:200])
    totals = selectors.totals_for_events((e.pk for e in events), selectors.totals_scope(request.user))
    for e in events:
        e.running = selectors.running_response(e)
        e.totals = totals.get(e.pk)
    return render(
        request,
        "disasters/event_list.html",
        {
            "events": events,
            "total": total,
            "running": running,
            "period": period,
            "dashboard": may_see_dashboard(request.user),
            "member": request.user.is_member_user,
            "may_record": _recordable(request.user),
        },
    )


@login_required
def event_detail(request, pk):
    """Staff and regulators: the whole page and the steps their office may take; an affected member: the event,
    its grade and response history and its own companies' rows, with the link to its loss-report form."""
    user = request.user
    event = get_object_or_404(selectors.event_list(user=user), pk=pk)
    running = selectors.running_response(event)
    changes = list(selectors.event_changes(event))
    context = {"event": event, "running": running, "changes": changes, "dashboard": may_see_dashboard(user)}
    now = timezone.now()
    if not context["dashboard"]:
        organisations = _reporting_organisations(user, event)
        own = set(organisations.values_list("pk", flat=True))
        if not own:
            raise Http404
        context["roll_call"] = roll_call(event, now, days=ROLL_CALL_DAYS, organisation_ids=own)
        context["may_report"] = True
        return render(request, "disasters/event_detail.html", context)
    scope = selectors.totals_scope(user)  # a sub-bureau: its region's companies only
    series = selectors.totals_by_day(event, scope)
    chart = {
        "dates": [d["date"].isoformat() for d in series],
        "estimated_loss": [float(d["estimated_loss"]) / 10_000 for d in series],
        "claims_paid": [float(d["claims_paid"]) / 10_000 for d in series],
        "advance_payments": [float(d["advance_payments"]) / 10_000 for d in series],
        "labels": [_("Estimated loss"), _("Claims paid"), _("Advance payments")],
    }
    pending = next(
        (c for c in changes if running and c.response_id == running.pk and c.status == ChangeStatus.REQUESTED), None
    )
    context |= {
        "steps": available_steps(user, event, running, pending),
        "pending": pending,
        "responses": list(event.responses.all()),
        "timeliness": timeliness(event, now, scope),
        "roll_call": roll_call(event, now, days=ROLL_CALL_DAYS, organisation_ids=scope),
        "totals": series[-1] if series else None,
        "chart_json": chart,  # json_script encodes it
        "summaries": list(DailySummary.objects.filter(event=event)[:30]),
        "timeline": urgent_timeline(event, user=user),
    }
    return render(request, "disasters/event_detail.html", context)


def _reporting_organisations(user, event):
    """The affected companies the user may report for."""
    ids = [i for i in event.affected.values_list("organisation_id", flat=True) if user.may_act_for(i)]
    return Organisation.objects.visible_to(user).filter(pk__in=ids).order_by("name")


@login_required
def loss_report_entry(request, pk):
    """A member company user enters the day's loss report for an event its company is affected by."""
    if not request.user.is_member_user:
        raise Http404
    event = get_object_or_404(selectors.event_list(user=request.user), pk=pk)
    organisations = _reporting_organisations(request.user, event)
    if not organisations.exists():
        raise Http404
    form = LossReportForm(
        request.POST or None,
        organisations=organisations,
        initial={"report_date": selectors.today_beijing(timezone.now()), "organisation": organisations.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            loss_report_submit(
                event=event, organisation=organisation, actor=request.user, source=ReportSource.PORTAL, **data
            )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                form.add_error(None, str(exc))
            else:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The loss report was saved."))
            return redirect("disaster-loss-report", pk=event.pk)
    mine = (
        LossReport.objects.visible_to(request.user)
        .filter(event=event, organisation__in=organisations)
        .select_related("organisation")
    )
    own = {o.pk for o in organisations}
    calls = roll_call(event, timezone.now(), days=ROLL_CALL_DAYS, organisation_ids=own)  # its own rows only
    today = selectors.today_beijing(timezone.now())
    return render(
        request,
        "disasters/loss_report_form.html",
        {
            "event": event,
            "form": form,
            "reports": list(mine.order_by("-report_date", "organisation__name")[:60]),
            "roll_call": calls,
            "due_today": days_owed(event, [today])[today],  # today's daily report, None when none is owed
        },
    )


@login_required
def summary_download(request, pk, fmt):
    """The daily summary as sent (every affected company of the province): staff and the provincial bureau; a
    sub-bureau reads its region's figures on the event page and from the API's summary."""
    if not may_see_dashboard(request.user) or fmt not in ("xlsx", "pdf"):
        raise Http404
    if selectors.totals_scope(request.user) is not None:
        raise Http404
    summary = get_object_or_404(
        DailySummary.objects.filter(event__in=selectors.event_list(user=request.user).values("pk")), pk=pk
    )
    file = getattr(summary, fmt)
    if not file or not file.storage.exists(file.name):
        raise Http404
    return send_file(file, filename=f"{summary}.{fmt}".replace(" ", ""))
