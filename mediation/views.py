"""Portal pages: case list (masked), detail (with the logged full view), registration, workflow, statistics."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError as ApiValidationError

from association.reports.writers import CONTENT_TYPES, write_xlsx
from mediation.api.serializers import TRANSITION_ACTIONS, TransitionSerializer, allowed_actions, available_actions
from mediation.api.views import statistics_period
from mediation.choices import OPEN_STATUSES, CaseSource, CaseStatus, SessionMode
from mediation.forms import CaseForm, mediator_choices
from mediation.models import Case
from mediation.reports import publication_table, statistics_table
from mediation.selectors import (
    case_detail_queryset,
    case_list,
    may_see_statistics,
    published_statistics,
    statistics_for,
)
from mediation.services.access import personal_data_reveal
from mediation.services.cases import case_create, response_obligations
from mediation.services.permissions import may_see_id_number, may_see_personal_data
from mediation.services.transitions import case_transition
from mediation.statistics import thaw

PAGE_SIZE = 50
#: published versions listed on the statistics page (those within the period shown)
PUBLICATIONS_SHOWN = 24


@login_required
def case_list_view(request):
    cases = case_list(user=request.user)
    status, source, q = request.GET.get("status", ""), request.GET.get("source", ""), request.GET.get("q", "").strip()
    if status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status in CaseStatus.values:
        cases = cases.filter(status=status)
    if source in CaseSource.values:
        cases = cases.filter(source=source)
    if request.GET.get("overdue") == "1":
        cases = cases.filter(pk__in=Case.objects.overdue().values("pk"))
    if q:
        found = cases.filter(number__icontains=q) | cases.filter(respondent__name__icontains=q)
        if may_see_id_number(request.user) and len(q) == 18:  # a consumer's full ID number: exact, by keyed hash
            found = found | cases.filter(pk__in=Case.objects.with_consumer_id_number(q).values("pk"))
        cases = found
    page = Paginator(cases.order_by("-received_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mediation/case_list.html",
        {
            "page_obj": page,
            "cases": page.object_list,
            "statuses": [("open", _("Open (not concluded)")), *CaseStatus.choices],
            "sources": CaseSource.choices,
            "status": status,
            "source": source,
            "q": q,
            "overdue": request.GET.get("overdue") == "1",
            "show_id": may_see_id_number(request.user),
            "may_create": request.user.is_association_staff,
            "may_see_statistics": may_see_statistics(request.user),
        },
    )


@login_required
def case_create_view(request):
    if not request.user.is_association_staff:
        raise Http404
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
            return redirect("mediation-case-detail", pk=case.pk)
    return render(request, "mediation/case_form.html", {"form": form})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def case_detail_view(request, pk):
    case = get_object_or_404(case_detail_queryset(user=request.user), pk=pk)
    actions = available_actions(request.user, case)
    labels = dict(TRANSITION_ACTIONS)
    return render(
        request,
        "mediation/case_detail.html",
        {
            "case": case,
            "may_see_statistics": may_see_statistics(request.user),
            "actions": [(key, labels[key]) for key in actions],
            "show_id": may_see_id_number(request.user),
            "may_reveal": may_see_personal_data(request.user, case),
            "mediators": mediator_choices() if "assign" in actions else [],
            "modes": SessionMode.choices,
            "obligations": response_obligations(case),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def case_action_view(request, pk):
    case = get_object_or_404(case_list(user=request.user), pk=pk)
    if not allowed_actions(request.user, case):
        raise PermissionDenied
    payload = TransitionSerializer(data={**request.POST.dict(), **request.FILES.dict()})
    try:
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        case_transition(case=case, actor=request.user, action=data.pop("action"), data=data)
    except ApiValidationError as exc:
        for field, errors in exc.detail.items() if isinstance(exc.detail, dict) else [("", exc.detail)]:
            messages.error(request, f"{field}: {' '.join(str(e) for e in errors)}" if field else str(errors))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Done."))
    return redirect("mediation-case-detail", pk=case.pk)


@login_required
@require_POST
def case_personal_data_view(request, pk):
    """The full personal data (staff and the case's mediator), logged; an HTML fragment for htmx."""
    case = get_object_or_404(case_list(user=request.user), pk=pk)
    data = personal_data_reveal(case=case, user=request.user, via="portal")
    return render(request, "mediation/_personal_data.html", {"data": data, "case": case})


@login_required
def statistics_view(request):
    if not may_see_statistics(request.user):
        raise Http404
    try:
        date_from, date_to = statistics_period(request.GET)
    except ApiValidationError:
        today = timezone.localdate()
        date_from, date_to = today.replace(month=1, day=1), today
        messages.error(request, _("Enter the period as YYYY-MM-DD."))
    stats = statistics_for(user=request.user, date_from=date_from, date_to=date_to)
    if request.GET.get("format") == "xlsx":
        title = _("Mediation statistics %(start)s – %(end)s") % {"start": date_from, "end": date_to}
        table = statistics_table(stats, title=title, region_label=_("Your scope"), now=timezone.now())
        return _xlsx_response(table, f"mediation-statistics-{date_from}-{date_to}")
    top = max([s["received"] or 0 for s in stats["by_source"]] + [1])
    for item in stats["by_source"]:
        item["bar"] = round(100 * (item["received"] or 0) / top)
        item["bar_succeeded"] = round(100 * (item["succeeded"] or 0) / top)
    for rows in stats["breakdowns"].values():
        most = max([r["received"] for r in rows] + [1])
        for r in rows:
            r["bar"] = round(100 * r["received"] / most)
    publications = list(
        published_statistics(user=request.user).filter(period_start__gte=date_from, period_end__lte=date_to)[
            :PUBLICATIONS_SHOWN
        ]
    )
    return render(
        request,
        "mediation/statistics.html",
        {
            "stats": stats,
            "date_from": date_from,
            "date_to": date_to,
            "publications": publications,
            "changed_since": _changed_since_published(stats, publications),
        },
    )


def _changed_since_published(stats: dict, publications: list) -> object | None:
    """The latest version published for exactly this period, if today's figures differ from it."""
    same = [p for p in publications if (p.period_start, p.period_end) == (stats["date_from"], stats["date_to"])]
    if not same:
        return None
    latest = max(same, key=lambda p: p.version)
    keys = ("received", "succeeded", "amount_involved", "judicial_confirmations")
    published = thaw(latest.figures)["total"]
    return latest if any(published.get(k) != stats["total"][k] for k in keys) else None


def _xlsx_response(table, name: str) -> HttpResponse:
    response = HttpResponse(write_xlsx(table), content_type=CONTENT_TYPES["xlsx"])
    name = re.sub(r"[^0-9A-Za-z_-]", "_", name)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def published_statistics_view(request, pk):
    """A published version as xlsx: the figures stored when it was published, whatever the cases say now."""
    publication = get_object_or_404(published_statistics(user=request.user), pk=pk)
    table = publication_table(publication, region_label=_("Province"), now=publication.published_at)
    name = f"mediation-statistics-{publication.period_start}-{publication.period_end}-v{publication.version}"
    return _xlsx_response(table, name)
