"""This app's panel of the overview pages (see association.overview): events with a running
response, their grade and response level, and the events of the period."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from association.deadlines import BEIJING
from association.overview import Chart, Figure, Panel, Period, Table
from association.reports.registry import Column
from disasters.choices import Grade
from disasters.selectors import event_list, occurred_between, running_response, with_running_response


def disaster_panels(*, user, period: Period, now: dt.datetime, audience: str) -> list[Panel]:
    events_url = reverse("disaster-event-list")
    events = list(with_running_response(event_list(user=user)).order_by("-occurred_at"))
    in_period = occurred_between(event_list(user=user), period.start, period.end)
    grades = dict(Grade.choices)
    panel = Panel(key="disasters", title=_("Disaster events"), order=20, url=events_url)
    panel.figures = [
        Figure(_("Responses running"), len(events), f"{events_url}?running=1", tone="warning" if events else ""),
        Figure(
            _("Events in the period"),
            in_period.count(),
            f"{events_url}?{urlencode({'date_from': period.start, 'date_to': period.end})}",
        ),
    ]
    rows, links = [], []
    for event in events:
        response = running_response(event)
        rows.append(
            [
                event.title,
                grades.get(event.grade, "—"),
                grades.get(response.level, "—") if response else "—",
                f"{event.occurred_at.astimezone(BEIJING):%Y-%m-%d %H:%M}",
                "、".join(r.name for r in event.regions.all()),
            ]
        )
        links.append(reverse("disaster-event-detail", args=[event.pk]))
    panel.tables.append(
        Table(
            key="active-disasters",
            title=_("Events with a running response"),
            columns=[
                Column(_("Event"), "text", 30),
                Column(_("Grade"), "text", 8),
                Column(_("Response level"), "text", 8),
                Column(_("Occurred"), "text", 16),
                Column(_("Regions"), "text", 24),
            ],
            rows=rows,
            links=links,
            empty=_("No response is running."),
        )
    )
    if in_period and audience != "member":
        counts = {}
        for event in in_period:
            label = grades.get(event.grade, _("not graded"))
            counts[label] = counts.get(label, 0) + 1
        panel.charts.append(
            Chart(
                key="disasters-by-grade",
                title=_("Events in the period by grade"),
                categories=list(counts),
                series=[{"name": _("Events"), "data": list(counts.values())}],
            )
        )
    return [panel]
