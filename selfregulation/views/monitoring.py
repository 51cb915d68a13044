"""Portal pages of market monitoring: returns (form, upload, history), monthly analyses."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from association.dates import sane_date_validator
from association.models import Organisation
from association.reports.writers import CONTENT_TYPES, write_pdf, write_xlsx
from selfregulation.forms import ReturnForm, UploadForm
from selfregulation.reports import monitoring_table
from selfregulation.selectors import report_list, return_list
from selfregulation.services.monitoring import monitoring_analyse, return_submit, returns_due_at, returns_upload
from selfregulation.views.inspections import PAGE_SIZE, _visible, add_errors, flash_errors, page_query


def submit_organisations(user):
    """Companies the user may submit figures for."""
    if user.is_association_staff:
        return Organisation.objects.visible_to(user).members().filter(is_active=True).order_by("name")
    return Organisation.objects.visible_to(user).filter(pk__in=user.submittable_organisation_ids()).order_by("name")


def _month(text: str) -> dt.date:
    try:
        year, month = (text or "").split("-")[:2]
        day = dt.date(int(year), int(month), 1)  # month 0000-01 or 2026-13: ValueError
    except ValueError:
        raise ValidationError({"month": _("Enter the month as YYYY-MM.")}) from None
    sane_date_validator(day)  # 1949 to 2100, a field error otherwise
    return day


@login_required
def returns_view(request):
    _visible(request.user)
    orgs = submit_organisations(request.user)
    asked = _asked_return(request.GET, orgs) if request.method == "GET" else {}
    form = ReturnForm(request.POST or None, organisations=orgs, initial=asked)
    if request.method == "POST":
        if not orgs.exists():
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            organisation = data.pop("organisation")
            try:
                return_submit(
                    organisation=organisation, period=_month(data.pop("month")), figures=data, actor=request.user
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Figures saved."))
                return redirect("selfregulation-returns")
    returns = return_list(user=request.user)
    if request.GET.get("history") != "1":
        returns = returns.filter(replaced_by__isnull=True)
    page = Paginator(returns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "selfregulation/returns.html",
        {
            "form": form if orgs.exists() else None,
            "upload_form": UploadForm() if orgs.exists() else None,
            "page_obj": page,
            "page_query": page_query(request),
            "returns": page.object_list,
            "history": request.GET.get("history") == "1",
            "reports": report_list(user=request.user)[:24],
            "staff": request.user.is_association_staff,
            "asked": asked,
        },
    )


def _asked_return(params, orgs) -> dict:
    """The company and month an obligation's link asks figures for (``?organisation=&month=``), to fill the
    form in, with when they are due; nothing for values that are not the user's companies or not a month."""
    organisation_id, month = params.get("organisation", ""), params.get("month", "")
    if not organisation_id.isdigit() or len(organisation_id) > 12:
        return {}
    organisation = orgs.filter(pk=int(organisation_id)).first()
    try:
        period = _month(month)
    except ValidationError:
        return {}
    if organisation is None:
        return {}
    return {"organisation": organisation, "month": f"{period:%Y-%m}", "due_at": returns_due_at(period)}


@login_required
@require_POST
def returns_upload_view(request):
    _visible(request.user)
    if not submit_organisations(request.user).exists():
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
        return redirect("selfregulation-returns")
    upload = form.cleaned_data["file"]
    try:
        saved = returns_upload(data=upload.read(), filename=upload.name, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        messages.error(request, _("Nothing was saved: correct the rows above and upload the file again."))
    else:
        messages.success(request, _("%(n)d returns saved.") % {"n": len(saved)})
    return redirect("selfregulation-returns")


@login_required
@require_POST
def analyse_view(request):
    _visible(request.user)
    if not request.user.is_association_staff:
        raise PermissionDenied
    try:
        report = monitoring_analyse(period=_month(request.POST.get("month", "")))
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("selfregulation-returns")
    messages.success(request, _("Analysis updated."))
    return redirect("selfregulation-report", pk=report.pk)


@login_required
def report_view(request, pk):
    """Everyone sees the industry figures; the company rows are those in the user's scope (staff and the
    provincial bureau: all, and only they export the whole table)."""
    _visible(request.user)
    report = get_object_or_404(report_list(user=request.user), pk=pk)
    ids = request.user.visible_organisation_ids()  # None: staff and the provincial bureau
    data = report.data
    companies = [c for c in data.get("companies", []) if ids is None or c["organisation"] in ids]
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "pdf"):
        if ids is not None:
            raise Http404
        table = monitoring_table(report, now=timezone.now())
        body = write_xlsx(table) if fmt == "xlsx" else write_pdf(table)
        response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="market-{report.line}-{report.period:%Y-%m}.{fmt}"'
        return response
    return render(
        request,
        "selfregulation/report.html",
        {
            "report": report,
            "summary": data.get("summary", {}),
            "companies": companies,
            "full": ids is None,
            # a late return makes a new version; every version stays readable
            "versions": report_list(user=request.user)
            .filter(line=report.line, period=report.period)
            .order_by("version")
            .only("pk", "version"),
        },
    )
