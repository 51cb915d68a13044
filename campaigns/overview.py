"""This app's panel of the overview pages (see association.overview): campaign participation in the
period, public-opinion alerts (open, not acknowledged), and for a member its own alerts."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from association.deadlines import BEIJING
from association.overview import Chart, Figure, Panel, Period, Table
from association.reports.registry import Column
from campaigns.models import Activity, Campaign, OpinionAlert, Participation

MEMBER_ROWS = 10


def campaign_panels(*, user, period: Period, now: dt.datetime, audience: str) -> list[Panel]:
    home = reverse("campaigns-home")
    alerts_url = reverse("campaigns-alert-list")
    alerts = OpinionAlert.objects.visible_to(user)
    open_alerts = alerts.open()
    unacknowledged = open_alerts.unacknowledged()
    counts = {"open": open_alerts.count(), "unacknowledged": unacknowledged.count()}
    campaigns = list(
        Campaign.objects.visible_to(user)
        .filter(starts_on__lte=period.end, ends_on__gte=period.start)
        .order_by("starts_on", "id")
    )
    ids = user.visible_organisation_ids()
    participations = Participation.objects.filter(campaign__in=campaigns)
    activities = Activity.objects.filter(campaign__in=campaigns)
    if ids is not None:
        participations = participations.filter(organisation_id__in=ids)
        activities = activities.filter(organisation_id__in=ids)
    members = dict(
        participations.order_by().values("campaign_id").annotate(n=Count("id")).values_list("campaign_id", "n")
    )
    done = {
        row["campaign_id"]: row
        for row in activities.order_by()
        .values("campaign_id")
        .annotate(n=Count("id"), active=Count("organisation_id", distinct=True), audience=Sum("audience"))
    }
    panel = Panel(key="campaigns", title=_("Publicity"), order=50, url=home)
    panel.figures = [
        Figure(
            _("Campaigns in the period"),
            len(campaigns),
            f"{home}?{urlencode({'date_from': period.start, 'date_to': period.end})}",
        ),
        Figure(
            _("Open public-opinion alerts"),
            counts["open"],
            f"{alerts_url}?status=open",
            tone="warning" if counts["open"] else "",
        ),
        Figure(
            _("Alerts not acknowledged"),
            counts["unacknowledged"],
            f"{alerts_url}?status=unacknowledged",
            tone="danger" if counts["unacknowledged"] else "",
        ),
    ]
    rows, links = [], []
    for campaign in campaigns:
        row = done.get(campaign.pk, {})
        taking_part = members.get(campaign.pk, 0)
        rows.append(
            [
                campaign.title,
                f"{campaign.starts_on:%Y-%m-%d} – {campaign.ends_on:%Y-%m-%d}",
                taking_part,
                row.get("active", 0),
                (row.get("active", 0) / taking_part) if taking_part else None,
                row.get("n", 0),
                row.get("audience") or 0,
            ]
        )
        links.append(reverse("campaigns-campaign-detail", args=[campaign.pk]))
    panel.tables.append(
        Table(
            key="campaign-participation",
            title=_("Campaign participation in the period"),
            columns=[
                Column(_("Campaign"), "text", 30),
                Column(_("Period"), "text", 22),
                Column(_("Participants"), "int", 10),
                Column(_("With activities"), "int", 10),
                Column(_("Participation"), "percent", 10),
                Column(_("Activities"), "int", 10),
                Column(_("Audience reached"), "int", 12),
            ],
            rows=rows,
            links=links,
            empty=_("No campaign in the period."),
        )
    )
    if campaigns and audience != "member":
        panel.charts.append(
            Chart(
                key="campaign-participation",
                title=_("Participants and members with activities"),
                categories=[c.title[:16] for c in campaigns],
                series=[
                    {"name": _("Participants"), "data": [r[2] for r in rows]},
                    {"name": _("With activities"), "data": [r[3] for r in rows]},
                ],
            )
        )
    if audience in ("member", "staff"):
        if audience == "staff":  # the work queue: alerts nobody at the company has acknowledged yet
            shown = unacknowledged.order_by("acknowledge_by")
        else:
            shown = open_alerts.order_by("response_due_at")
        shown = list(shown.select_related("organisation")[:MEMBER_ROWS])
        panel.tables.append(
            Table(
                key="open-alerts" if audience == "member" else "unacknowledged-alerts",
                title=_("Your open public-opinion alerts") if audience == "member" else _("Alerts not acknowledged"),
                columns=[
                    Column(_("Company"), "text", 24),
                    Column(_("Severity"), "text", 8),
                    Column(_("Status"), "text", 12),
                    Column(_("Acknowledge by"), "text", 16),
                    Column(_("Response due"), "text", 16),
                ],
                rows=[
                    [
                        a.organisation.name,
                        a.get_severity_display(),
                        a.get_status_display(),
                        f"{a.acknowledge_by.astimezone(BEIJING):%Y-%m-%d %H:%M}",
                        f"{a.response_due_at.astimezone(BEIJING):%Y-%m-%d %H:%M}",
                    ]
                    for a in shown
                ],
                links=[reverse("campaigns-alert-detail", args=[a.pk]) for a in shown],
                empty=_("No open alert."),
            )
        )
    return [panel]
