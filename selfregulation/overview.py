"""This app's panel of the overview pages (see association.overview): open findings (rectification not
yet accepted), rectification on time in the period, findings by company; staff also see the reviews
waiting for them."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from association.choices import AWAITING_MEMBER, AWAITING_REVIEW, ObligationKind, ObligationStatus
from association.deadlines import BEIJING
from association.overview import Figure, Panel, Period, Table
from association.reports.registry import Column
from selfregulation.models import Finding, Rectification
from selfregulation.rules import rate
from selfregulation.selectors import attention

OPEN = [*AWAITING_MEMBER, *AWAITING_REVIEW]
TOP = 15


def selfregulation_panels(*, user, period: Period, now: dt.datetime, audience: str) -> list[Panel]:
    rect_url = reverse("selfregulation-rectifications")
    findings_url = reverse("selfregulation-findings")
    waiting = attention(user=user)
    rectifications = Rectification.objects.visible_to(user)
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=BEIJING)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=BEIJING)
    in_period = rectifications.filter(obligation__due_at__gte=start, obligation__due_at__lt=end).exclude(
        obligation__status=ObligationStatus.CANCELLED
    )
    r = in_period.aggregate(
        due=Count("id"),
        on_time=Count(
            "id",
            filter=Q(obligation__submitted_at__isnull=False, obligation__submitted_at__lte=F("obligation__due_at")),
        ),
        completed=Count("id", filter=Q(obligation__status=ObligationStatus.ACCEPTED)),
    )
    on_time = rate(r["on_time"], r["due"])
    panel = Panel(key="selfregulation", title=_("Self-regulation"), order=40, url=reverse("selfregulation-home"))
    panel.figures = [
        Figure(_("Rectifications owed"), waiting["rect_open"], f"{rect_url}?state=open"),
        Figure(
            _("Rectifications overdue"),
            waiting["rect_overdue"],
            f"{rect_url}?overdue=1",
            tone="danger" if waiting["rect_overdue"] else "",
        ),
        Figure(
            _("Rectified on time in the period"),
            "—" if on_time is None else f"{on_time}%",
            rect_url,
            _("%(done)d of %(due)d due completed") % {"done": r["completed"], "due": r["due"]},
        ),
    ]
    if audience == "staff":
        review_url = reverse("inbox")
        panel.figures += [
            Figure(_("Rectification reports to review"), waiting["rect_review"], f"{rect_url}?state=review"),
            Figure(
                _("Self-inspections to review"),
                waiting["self_review"],
                f"{review_url}?{urlencode({'status': 'review', 'kind': ObligationKind.SELF_INSPECTION})}",
            ),
        ]
    rows = list(
        Finding.objects.visible_to(user)
        .filter(found_on__range=(period.start, period.end))
        .values("organisation_id", "organisation__name")
        .annotate(
            n=Count("id"),
            serious=Count("id", filter=Q(severity="serious")),
            open=Count("id", filter=Q(rectification__obligation__status__in=OPEN)),
        )
        .order_by("-n", "organisation__name")[:TOP]
    )
    panel.tables.append(
        Table(
            key="findings-by-company",
            title=_("Findings in the period by company"),
            columns=[
                Column(_("Company"), "text", 30),
                Column(_("Findings"), "int", 8),
                Column(_("Serious"), "int", 8),
                Column(_("Not yet rectified"), "int", 10),
            ],
            rows=[[row["organisation__name"], row["n"], row["serious"], row["open"]] for row in rows],
            links=[f"{findings_url}?{urlencode({'q': row['organisation__name']})}" for row in rows],
            empty=_("No findings in the period."),
        )
    )
    return [panel]
