"""This app's panel of the overview pages (see association.overview)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from association.deadlines import BEIJING
from association.numbers import percent_points
from association.overview import Chart, Figure, Panel, Period, Table
from association.reports.registry import Column
from mediation.choices import OPEN_STATUSES
from mediation.mediator_home import mediator_panel
from mediation.models import Case
from mediation.selectors import may_see_statistics, statistics_baselines, statistics_cases
from mediation.statistics import case_statistics

MEMBER_ROWS = 10


def _shown(value):
    """A figure, or a dash where it is not known (part of a year known only by its published totals)."""
    return "—" if value is None else value


def _yoy(value) -> str:
    return "—" if value is None else ("+" if value > 0 else "") + percent_points(value, 2)


def _fraction(value):
    """A value in per cent as a fraction (the table's percent columns), None when not known."""
    return None if value is None else value / 100


def mediation_panels(*, user, period: Period, now: dt.datetime, audience: str) -> list[Panel]:
    if audience == "mediator":
        return [mediator_panel(user=user, today=now.astimezone(BEIJING).date())]
    cases_url = reverse("mediation-case-list")
    panel = Panel(key="mediation", title=_("Mediation"), order=30, url=cases_url)
    visible = Case.objects.visible_to(user)
    if audience == "member":
        open_cases = list(
            visible.filter(status__in=OPEN_STATUSES).select_related("respondent").order_by("received_on")[:MEMBER_ROWS]
        )
        panel.figures = [
            Figure(_("Open cases"), visible.filter(status__in=OPEN_STATUSES).count(), f"{cases_url}?status=open"),
            Figure(_("Past their time limit"), visible.overdue().count(), f"{cases_url}?overdue=1"),
        ]
        panel.tables.append(
            Table(
                key="open-cases",
                title=_("Your open mediation cases"),
                columns=[
                    Column(_("Case number"), "text", 16),
                    Column(_("Line of insurance"), "text", 10),
                    Column(_("Status"), "text", 12),
                    Column(_("Received"), "text", 12),
                    Column(_("Mediation due"), "text", 12),
                ],
                rows=[
                    [
                        c.number,
                        c.get_line_display(),
                        c.get_status_display(),
                        str(c.received_on),
                        str(c.mediation_due_on or "—"),
                    ]
                    for c in open_cases
                ],
                links=[reverse("mediation-case-detail", args=[c.pk]) for c in open_cases],
                empty=_("No open cases."),
            )
        )
        return [panel]
    if not may_see_statistics(user):
        return []
    scoped = statistics_cases(user=user)
    baselines = list(statistics_baselines(user=user))  # the province's published totals of earlier years
    stats = case_statistics(
        date_from=period.start, date_to=period.end, cases=scoped, baselines=baselines, breakdowns=False
    )
    today = now.date()
    ytd = case_statistics(
        date_from=today.replace(month=1, day=1), date_to=today, cases=scoped, baselines=baselines, breakdowns=False
    )
    stats_url = f"{reverse('mediation-statistics')}?{urlencode({'date_from': period.start, 'date_to': period.end})}"
    total = stats["total"]
    ytd_query = urlencode({"date_from": today.replace(month=1, day=1), "date_to": today})
    ytd_url = f"{reverse('mediation-statistics')}?{ytd_query}"
    panel.figures = [
        Figure(
            _("Received in the period"),
            _shown(total["received"]),
            stats_url,
            _("year on year %(c)s") % {"c": _yoy(total["yoy"]["received"])},
            counts_rows=False,
        ),
        Figure(
            _("Succeeded in the period"),
            _shown(total["succeeded"]),
            stats_url,
            _("success rate %(r)s") % {"r": percent_points(total["success_rate"], 2)},
            counts_rows=False,
        ),
        Figure(
            _("Received this year"),
            _shown(ytd["total"]["received"]),
            ytd_url,
            _("year on year %(c)s") % {"c": _yoy(ytd["total"]["yoy"]["received"])},
            counts_rows=False,
        ),
    ]
    if audience == "staff":
        overdue = visible.overdue().count()
        panel.figures.append(
            Figure(
                _("Cases past their time limit"), overdue, f"{cases_url}?overdue=1", tone="danger" if overdue else ""
            )
        )
    panel.tables.append(
        Table(
            key="mediation-by-source",
            title=_("Mediation in the period by source"),
            columns=[
                Column(_("Source"), "text", 16),
                Column(_("Received"), "int", 8),
                Column(_("Year on year"), "percent", 10, places=2, signed=True),
                Column(_("Succeeded"), "int", 8),
                Column(_("Success rate"), "percent", 8, places=2),
                Column(_("Amount involved (10,000 yuan)"), "amount", 12),
                Column(_("Judicial confirmations"), "int", 10),
            ],
            rows=[
                [
                    row["label"],
                    _shown(row["received"]),
                    _fraction(row["yoy"]["received"]),
                    _shown(row["succeeded"]),
                    _fraction(row["success_rate"]),
                    row["amount_involved_wan"],
                    _shown(row["judicial_confirmations"]),
                ]
                for row in stats["by_source"]
            ],
            links=[f"{cases_url}?{urlencode({'source': row['source']})}" for row in stats["by_source"]],
            totals=[
                _("Total"),
                _shown(total["received"]),
                _fraction(total["yoy"]["received"]),
                _shown(total["succeeded"]),
                _fraction(total["success_rate"]),
                total["amount_involved_wan"],
                _shown(total["judicial_confirmations"]),
            ],
        )
    )
    panel.charts.append(
        Chart(
            key="mediation-yoy",
            title=_("Received: this period and a year earlier"),
            categories=[row["label"] for row in stats["by_source"]],
            series=[
                {"name": _("This period"), "data": [row["received"] for row in stats["by_source"]]},
                {"name": _("A year earlier"), "data": [row["previous"]["received"] for row in stats["by_source"]]},
            ],
        )
    )
    return [panel]
