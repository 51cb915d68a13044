"""The overview pages: regulator home (region), staff home's province overview and work queues, member
company home; every table exports to xlsx with the same period."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from association.overview.collect import collect_panels, find_table
from association.overview.panels import PERIOD_CHOICES, Period, audience_of
from association.reports.registry import ReportTable, scope_label
from association.reports.writers import write_xlsx


def overview_context(request) -> dict:
    now = timezone.now()
    period, error = Period.from_query(request.GET, timezone.localdate(now))
    panels = collect_panels(user=request.user, period=period, now=now)
    charts = [
        {"key": c.key, "title": c.title, "categories": c.categories, "series": c.series}
        for p in panels
        for c in p.charts
    ]
    return {
        "panels": panels,
        "period": period,
        "period_error": error,
        "period_choices": PERIOD_CHOICES,
        "charts": charts,
        "audience": audience_of(request.user),
        "scope_label": scope_label(request.user),
    }


@login_required
@require_GET
def overview(request):
    if not audience_of(request.user):
        raise Http404
    return render(request, "association/overview.html", overview_context(request))


@login_required
@require_GET
def overview_export(request, key):
    """One table of the overview as xlsx, for the same user, scope and period as the page."""
    if not audience_of(request.user):
        raise Http404
    now = timezone.now()
    period, _error = Period.from_query(request.GET, timezone.localdate(now))
    table = find_table(collect_panels(user=request.user, period=period, now=now), key)
    if table is None:
        raise Http404
    data = write_xlsx(
        ReportTable(
            title=table.title,
            period_label=period.label,
            region_label=scope_label(request.user),
            generated_at=now,
            columns=table.columns,
            rows=table.rows,
            totals=table.totals,
        )
    )
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"'
    return response
