"""The statistics as a report table: the portal's xlsx export and the published reports (association.reports).

Importing this module registers two kinds with the reports framework, each generated for the province
(root regions), stored as xlsx and e-mailed to association staff: ``mediation_monthly`` (the previous
month, on the 1st) and ``mediation_annual`` (the previous year, on 2 January). Both are built from the
published figures (``statistics_published``): the first report of a period publishes version 1 and keeps
its figures; a correction is a new version (downloadable from the statistics page), never a changed file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from association.models import Region
from association.reports.compliance import period_label
from association.reports.registry import Column, ReportKind, ReportTable, Target, register
from mediation.choices import PublicationKind
from mediation.models import PublishedStatistics
from mediation.services.statistics import statistics_published
from mediation.statistics import thaw

KIND = "mediation_monthly"
ANNUAL_KIND = "mediation_annual"


def _fraction(value: Decimal | None) -> float | None:
    return None if value is None else float(value) / 100


def _wan(value: Decimal | None) -> Decimal | None:
    """10,000 yuan, to the cent as published (a number cell shown as 8,943.18)."""
    return None if value is None else value.quantize(Decimal("0.01"))


def _row(group: str, label: str, f: dict) -> list:
    previous = f.get("previous", {})
    yoy = f.get("yoy", {})
    return [
        group,
        label,
        f["received"],
        f["succeeded"],
        _fraction(f["success_rate"]),
        _wan(f["amount_involved_wan"]),
        f["judicial_confirmations"],
        previous.get("received"),
        _fraction(yoy.get("received")),
        previous.get("succeeded"),
        _fraction(yoy.get("succeeded")),
    ]


def statistics_table(stats: dict, *, title: str, region_label: str, now: dt.datetime, notes=()) -> ReportTable:
    columns = [
        Column(_("Group"), "text", 12),
        Column(_("Item"), "text", 30),
        Column(_("Received"), "int", 10),
        Column(_("Succeeded"), "int", 10),
        Column(_("Success rate"), "percent", 10, places=2),
        Column(_("Amount involved (10,000 yuan)"), "amount", 14),
        Column(_("Judicial confirmations"), "int", 10),
        Column(_("Received a year earlier"), "int", 10),
        Column(_("YoY change (received)"), "percent", 10, places=2),
        Column(_("Succeeded a year earlier"), "int", 10),
        Column(_("YoY change (succeeded)"), "percent", 10, places=2),
    ]
    source_group = _("Source")
    rows = [_row(source_group, s["label"], s) for s in stats["by_source"]]
    groups = {
        "company": _("Company"),
        "line": _("Line of insurance"),
        "region": _("Region"),
        "mediator": _("Mediator"),
    }
    for key, group in groups.items():
        rows += [_row(group, r["label"], r) for r in stats["breakdowns"].get(key, [])]
    period = period_label(stats["date_from"], stats["date_to"])
    return ReportTable(
        title=title,
        period_label=period,
        region_label=region_label,
        generated_at=now,
        columns=columns,
        rows=rows,
        totals=_row(_("Total"), "", stats["total"]),
        notes=[
            *notes,
            *stats.get("definitions", []),
            _("Prior period: %(start)s to %(end)s.")
            % {"start": stats["previous_from"].isoformat(), "end": stats["previous_to"].isoformat()},
            *stats.get("notes", []),
        ],
    )


def publication_table(publication: PublishedStatistics, *, region_label: str, now: dt.datetime) -> ReportTable:
    """A published version as a table: the figures stored when it was published."""
    stats = thaw(publication.figures)
    title = _("Mediation statistics %(period)s") % {"period": period_label(stats["date_from"], stats["date_to"])}
    if publication.version > 1:
        title = _("%(title)s (version %(version)s)") % {"title": title, "version": publication.version}
    notes = [
        _("Published on %(date)s, version %(version)s; these figures stay as published.")
        % {"date": publication.published_at.date().isoformat(), "version": publication.version}
    ]
    if publication.note:
        notes.append(_("Correction: %(note)s") % {"note": publication.note})
    return statistics_table(stats, title=title, region_label=region_label, now=now, notes=notes)


def _published_table(kind: str, period_start: dt.date, period_end: dt.date, region: Region, now: dt.datetime):
    publication = statistics_published(kind=kind, period_start=period_start, period_end=period_end, now=now)
    return publication_table(publication, region_label=region.name, now=now)


def monthly_table(period_start: dt.date, period_end: dt.date, region: Region, now: dt.datetime) -> ReportTable:
    return _published_table(PublicationKind.MONTHLY, period_start, period_end, region, now)


def annual_table(period_start: dt.date, period_end: dt.date, region: Region, now: dt.datetime) -> ReportTable:
    return _published_table(PublicationKind.ANNUAL, period_start, period_end, region, now)


def monthly_targets(region: Region | None = None) -> list[Target]:
    """The province-wide report only; staff receive it (regulators read the live statistics page)."""
    regions = [region] if region is not None else list(Region.objects.filter(parent__isnull=True).order_by("code"))
    return [Target(region=r, audience_regulators=False) for r in regions]


MEDIATION_MONTHLY = register(
    ReportKind(
        key=KIND,
        label=gettext_lazy("Monthly mediation statistics"),
        build=monthly_table,
        targets=monthly_targets,
        formats=("xlsx",),
    )
)
MEDIATION_ANNUAL = register(
    ReportKind(
        key=ANNUAL_KIND,
        label=gettext_lazy("Annual mediation statistics"),
        build=annual_table,
        targets=monthly_targets,
        formats=("xlsx",),
    )
)
