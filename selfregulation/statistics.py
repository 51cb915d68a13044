"""Statistics: findings by item and by company, rectification on-time and completion rates, scores by
company over time. Every figure is computed in the database over the findings/targets the user may see."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncMonth

from association.choices import ObligationStatus
from selfregulation.models import Finding, InspectionTarget, Rectification
from selfregulation.rules import rate

TOP = 20


def statistics(*, user, date_from, date_to) -> dict:
    findings = Finding.objects.visible_to(user).filter(found_on__range=(date_from, date_to))
    by_item = list(
        findings.values("item_code", "item__text")
        .annotate(n=Count("id"), companies=Count("organisation", distinct=True))
        .order_by("-n", "item_code")[:TOP]
    )
    by_company = list(
        findings.values("organisation_id", "organisation__name")
        .annotate(
            n=Count("id"),
            serious=Count("id", filter=Q(severity="serious")),
        )
        .order_by("-n", "organisation__name")[:TOP]
    )
    rect = Rectification.objects.visible_to(user).filter(finding__found_on__range=(date_from, date_to))
    r = rect.exclude(obligation__status=ObligationStatus.CANCELLED).aggregate(
        total=Count("id"),
        completed=Count("id", filter=Q(obligation__status=ObligationStatus.ACCEPTED)),
        on_time=Count(
            "id",
            filter=Q(obligation__status=ObligationStatus.ACCEPTED)
            & Q(obligation__submitted_at__lte=F("obligation__due_at")),
        ),
    )
    rectification = {
        **r,
        "completion_rate": rate(r["completed"], r["total"]),
        "on_time_rate": rate(r["on_time"], r["completed"]),
    }
    targets = (
        InspectionTarget.objects.visible_to(user)
        .filter(total_score__isnull=False, inspection__planned_start__range=(date_from, date_to))
        .annotate(month=TruncMonth("inspection__planned_start"))
        .values("organisation__name", "month")
        .annotate(score=Avg("total_score"))
        .order_by("month", "organisation__name")
    )
    months = sorted({t["month"] for t in targets})
    series = {}
    for t in targets:
        series.setdefault(t["organisation__name"], {})[t["month"]] = round(float(t["score"]), 2)
    top_companies = sorted(series)[:TOP]
    chart = {
        "months": [m.strftime("%Y-%m") for m in months],
        "series": [{"name": name, "data": [series[name].get(m) for m in months]} for name in top_companies],
    }
    return {
        "findings_total": findings.count(),
        "by_item": by_item,
        "by_company": by_company,
        "rectification": rectification,
        "scores_chart": chart,
    }
