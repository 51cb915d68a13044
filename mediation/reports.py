"""The statistics as a report table: the portal's xlsx export and the monthly report (association.reports).

Importing this module registers the kind ``mediation_monthly`` with the reports framework: generated
once per month for the province (root regions), stored as xlsx, e-mailed to association staff.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from association.models import Region
from association.reports.compliance import period_label
from association.reports.registry import Column, ReportKind, ReportTable, Target, register
from mediation.models import Case
from mediation.statistics import case_statistics

KIND = "mediation_monthly"


def _fraction(value: Decimal | None) -> float | None:
    return None if value is None else float(value) / 100


def _row(group: str, label: str, f: dict) -> list:
    previous = f.get("previous", {})
    yoy = f.get("yoy", {})
    return [
        group,
        label,
        f["received"],
        f["succeeded"],
        _fraction(f["success_rate"]),
        f"{f['amount_involved_wan']:.2f}",
        f["judicial_confirmations"],
        previous.get("received"),
        _fraction(yoy.get("received")),
    ]


def statistics_table(stats: dict, *, title: str, region_label: str, now: dt.datetime) -> ReportTable:
    columns = [
        Column(_("Group"), "text", 12),
        Column(_("Item"), "text", 30),
        Column(_("Received"), "int", 10),
        Column(_("Succeeded"), "int", 10),
        Column(_("Success rate"), "percent", 10),
        Column(_("Amount involved (10,000 yuan)"), "text", 14),
        Column(_("Judicial confirmations"), "int", 10),
        Column(_("Received a year earlier"), "int", 10),
        Column(_("YoY change (received)"), "percent", 10),
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
        rows += [_row(group, r["label"], r) for r in stats["breakdowns"][key]]
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
            _(
                "Cases received in the period count; succeeded, amount involved and judicial confirmations are "
                "of those cases. YoY compares with the same dates one year earlier."
            ),
            _("Prior period: %(start)s to %(end)s.")
            % {"start": stats["previous_from"].isoformat(), "end": stats["previous_to"].isoformat()},
        ],
    )


def monthly_table(period_start: dt.date, period_end: dt.date, region: Region, now: dt.datetime) -> ReportTable:
    stats = case_statistics(date_from=period_start, date_to=period_end, cases=Case.objects.all())
    title = _("Mediation statistics %(period)s") % {"period": period_label(period_start, period_end)}
    return statistics_table(stats, title=title, region_label=region.name, now=now)


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
