"""The association's own panel: what members owe (obligations), for every overview."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from association.choices import AWAITING_MEMBER, AWAITING_REVIEW
from association.models import Obligation, Organisation
from association.numbers import MISSING, percent
from association.overview.panels import Figure, Panel, Period, Table
from association.reports.registry import Column
from association.selectors.obligations import BEIJING, compliance_figures, week_bounds
from association.selectors.obligations import inbox as inbox_selector

MEMBER_ROWS = 10


def obligations_panel(*, user, period: Period, now: dt.datetime, audience: str) -> Panel:
    inbox_url = reverse("inbox")
    week_start, week_end = week_bounds(now)
    visible = Obligation.objects.visible_to(user)
    counts = visible.aggregate(
        week=Count("id", filter=Q(status__in=AWAITING_MEMBER, due_at__gte=week_start, due_at__lt=week_end)),
        overdue=Count("id", filter=Q(status__in=AWAITING_MEMBER, due_at__lt=now)),
        review=Count("id", filter=Q(status__in=AWAITING_REVIEW)),
        owed=Count("id", filter=Q(status__in=AWAITING_MEMBER)),
    )
    panel = Panel(key="obligations", title=_("Obligations"), order=10, url=inbox_url)
    panel.figures = [
        Figure(_("Due this week"), counts["week"], f"{inbox_url}?status=owed&due=week"),
        Figure(
            _("Overdue now"),
            counts["overdue"],
            f"{inbox_url}?status=overdue",
            tone="danger" if counts["overdue"] else "",
        ),
    ]
    if audience == "member":
        panel.figures.insert(0, Figure(_("Still owed"), counts["owed"], f"{inbox_url}?status=owed"))
        panel.tables.append(_member_table(user, now))
        return panel
    panel.figures.append(Figure(_("Waiting for review"), counts["review"], f"{inbox_url}?status=review"))
    rows = compliance_figures(
        organisations=Organisation.objects.visible_to(user), start=period.start, end=period.end, now=now
    )
    decided = sum(r.on_time + r.late + r.overdue for r in rows)
    on_time = sum(r.on_time for r in rows)
    compliance_url = f"{reverse('compliance')}?{urlencode({'date_from': period.start, 'date_to': period.end})}"
    panel.figures.append(
        Figure(_("On time in the period"), percent(on_time / decided) if decided else MISSING, compliance_url)
    )
    panel.tables.append(_by_organisation(user, rows, now, week_start, week_end))
    return panel


def _by_organisation(user, period_rows, now, week_start, week_end) -> Table:
    """The organisations with something due this week or overdue now (most overdue first), with the
    period's on-time rate; the full table per organisation is the compliance page."""
    live = {
        o.pk: o
        for o in Organisation.objects.visible_to(user)
        .members()
        .annotate(
            week=Count(
                "obligations",
                filter=Q(
                    obligations__status__in=AWAITING_MEMBER,
                    obligations__due_at__gte=week_start,
                    obligations__due_at__lt=week_end,
                ),
            ),
            overdue=Count(
                "obligations", filter=Q(obligations__status__in=AWAITING_MEMBER, obligations__due_at__lt=now)
            ),
        )
        .filter(Q(week__gt=0) | Q(overdue__gt=0))
        .only("id", "name")
    }
    rates = {r.pk: r.on_time_rate for r in period_rows}
    ordered = sorted(live.values(), key=lambda o: (-o.overdue, -o.week, o.name))
    rows = [[o.name, o.week, o.overdue, rates.get(o.pk)] for o in ordered]
    links = [f"{reverse('inbox')}?organisation={o.pk}" for o in ordered]
    return Table(
        key="obligations-by-organisation",
        title=_("Obligations by organisation"),
        columns=[
            Column(_("Organisation"), "text", 30),
            Column(_("Due this week"), "int", 10),
            Column(_("Overdue now"), "int", 10),
            Column(_("On-time rate in the period"), "percent", 12),
        ],
        rows=rows,
        links=links,
        empty=_("Nothing due this week and nothing overdue."),
        totals=[_("Total"), sum(r[1] for r in rows), sum(r[2] for r in rows), None] if rows else None,
    )


def _member_table(user, now) -> Table:
    owed = list(inbox_selector(user=user).select_related("organisation")[:MEMBER_ROWS])
    return Table(
        key="owed",
        title=_("What you owe, next due first"),
        columns=[
            Column(_("Obligation"), "text", 36),
            Column(_("Organisation"), "text", 24),
            Column(_("Due"), "text", 16),
            Column(_("Status"), "text", 10),
        ],
        rows=[
            [ob.title, ob.organisation.name, f"{ob.due_at.astimezone(BEIJING):%Y-%m-%d %H:%M}", ob.get_status_display()]
            for ob in owed
        ],
        links=[reverse("obligation-detail", args=[ob.pk]) for ob in owed],
        empty=_("Nothing owed."),
    )
