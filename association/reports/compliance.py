"""The monthly compliance report: per member organisation, obligations due in the month and the on-time rate.

Generated for the previous calendar month, for the province (every organisation in the province;
seen by association staff and the provincial bureau) and for each prefecture that has a regulator
office (only organisations whose region lies in that prefecture; seen by that prefecture's
regulators). The figures are computed from an unrestricted queryset narrowed to the region's
organisations, never from a user's scope, so a report holds exactly its region's figures.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from association.choices import OrganisationKind, RegionLevel
from association.models import Organisation, Region
from association.reports.registry import Column, ReportKind, ReportTable, Target, register
from association.selectors.obligations import compliance_figures

KIND = "compliance_monthly"
__all__ = ["compliance_figures"]  # re-exported: the report and the portal table share one definition


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar month before ``today``'s."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def period_label(start: dt.date, end: dt.date) -> str:
    whole_month = start.day == 1 and (start.year, start.month) == (end.year, end.month)
    if whole_month and end.day == calendar.monthrange(end.year, end.month)[1]:
        return f"{start:%Y-%m}"
    return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"


def organisations_in(region: Region) -> QuerySet:
    """Every organisation whose region is ``region`` or under it (no user scope)."""
    return Organisation.objects.filter(region_id__in=region.subtree_ids())


def compliance_table(period_start: dt.date, period_end: dt.date, region: Region, now: dt.datetime) -> ReportTable:
    orgs = compliance_figures(organisations=organisations_in(region), start=period_start, end=period_end, now=now)
    columns = [
        Column(_("Organisation"), "text", 36),
        Column(_("Region"), "text", 16),
        Column(_("Due"), "int", 8),
        Column(_("On time"), "int", 8),
        Column(_("Late"), "int", 8),
        Column(_("Overdue"), "int", 8),
        Column(_("Pending"), "int", 8),
        Column(_("On-time rate"), "percent", 10),
    ]
    rows = [
        [
            org.name,
            org.region.name if org.region else "",
            org.due,
            org.on_time,
            org.late,
            org.overdue,
            org.pending,
            org.on_time_rate,
        ]
        for org in orgs
    ]
    sums = [sum(row[i] for row in rows) for i in range(2, 7)]
    decided = sums[1] + sums[2] + sums[3]
    totals = [
        _("Total (%(count)s organisations)") % {"count": len(rows)},
        "",
        *sums,
        sums[1] / decided if decided else None,
    ]
    period = period_label(period_start, period_end)
    notes = [
        _(
            "On-time rate = on time ÷ (on time + late + overdue). Obligations originally due in the period "
            "count, each once; a first submission after the original due time stays late, even when returned "
            "with a new due time and resubmitted in time. Cancelled ones do not count, unless first submitted "
            "late. Pending: due in the period, neither submitted nor overdue."
        ),
        _("Overdue is counted at the time the report was generated."),
    ]
    if not rows:
        notes.insert(0, _("No obligations were due in this period."))
    return ReportTable(
        title=_("Monthly compliance report %(period)s (%(region)s)") % {"period": period, "region": region.name},
        period_label=period,
        region_label=region.name,
        generated_at=now,
        columns=columns,
        rows=rows,
        totals=totals,
        notes=notes,
    )


def compliance_targets(region: Region | None = None) -> list[Target]:
    """The province (each root region) and every prefecture with an active regulator office; or just ``region``."""
    if region is not None:
        return [Target(region=region, audience_regulators=True)]
    roots = Region.objects.filter(parent__isnull=True).order_by("code")
    prefectures = (
        Region.objects.filter(
            level=RegionLevel.PREFECTURE,
            organisations__kind=OrganisationKind.REGULATOR,
            organisations__is_active=True,
        )
        .distinct()
        .order_by("code")
    )
    return [Target(region=r, audience_regulators=True) for r in [*roots, *prefectures]]


COMPLIANCE_MONTHLY = register(
    ReportKind(
        key=KIND,
        label=gettext_lazy("Monthly compliance report"),
        build=compliance_table,
        targets=compliance_targets,
    )
)
