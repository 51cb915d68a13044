"""This app's panel of the overview pages (see association.overview): the period's meetings with their
attendance, open consultations with their reply rates, trainings in the period."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from association.deadlines import BEIJING
from association.overview import Figure, Panel, Period, Table
from association.reports.registry import Column
from governance.choices import ConsultationStatus, MeetingStatus, Reply, TrainingStatus
from governance.models import Consultation, Meeting, Training

ROWS = 10


def governance_panels(*, user, period: Period, now: dt.datetime, audience: str) -> list[Panel]:
    start = dt.datetime.combine(period.start, dt.time(), tzinfo=BEIJING)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tzinfo=BEIJING)
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=MeetingStatus.CANCELLED)
        .annotate(
            n_invited=Count("invitations", distinct=True),
            n_replied=Count("invitations", filter=~Q(invitations__reply=Reply.PENDING), distinct=True),
            n_present=Count("sign_ins__organisation", distinct=True),
        )
        .order_by("starts_at")[:ROWS]
    )
    consultations = list(
        Consultation.objects.visible_to(user)
        .filter(status=ConsultationStatus.OPEN)
        .annotate(
            n_recipients=Count("recipients", distinct=True),
            n_replied=Count("recipients", filter=Q(recipients__replied_at__isnull=False), distinct=True),
        )
        .order_by("feedback_due_at")[:ROWS]
    )
    trainings = (
        Training.objects.visible_to(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=TrainingStatus.CANCELLED)
    )
    panel = Panel(key="governance", title=_("Meetings & training"), order=60, url=reverse("governance-home"))
    panel.figures = [
        Figure(_("Meetings in the period"), len(meetings), reverse("governance-meeting-list"), counts_rows=False),
        Figure(_("Open consultations"), len(consultations), reverse("governance-consultation-list"), counts_rows=False),
        Figure(_("Trainings in the period"), trainings.count(), reverse("governance-training-list"), counts_rows=False),
    ]
    panel.tables.append(
        Table(
            key="governance-meetings",
            title=_("Meetings in the period"),
            columns=[
                Column(_("Meeting"), "text", 30),
                Column(_("Time"), "text", 16),
                Column(_("Invited"), "int", 8),
                Column(_("Replied"), "int", 8),
                Column(_("Present"), "int", 8),
                Column(_("Attendance rate"), "percent", 10),
            ],
            rows=[
                [
                    m.title,
                    f"{m.starts_at.astimezone(BEIJING):%Y-%m-%d %H:%M}",
                    m.n_invited,
                    m.n_replied,
                    m.n_present,
                    (m.n_present / m.n_invited) if m.n_invited and m.starts_at <= now else None,
                ]
                for m in meetings
            ],
            links=[reverse("governance-meeting-detail", args=[m.pk]) for m in meetings],
            empty=_("No meeting in the period."),
        )
    )
    panel.tables.append(
        Table(
            key="governance-consultations",
            title=_("Open consultations"),
            columns=[
                Column(_("Draft"), "text", 30),
                Column(_("Feedback due"), "text", 16),
                Column(_("Consulted"), "int", 8),
                Column(_("Replied"), "int", 8),
                Column(_("Reply rate"), "percent", 10),
            ],
            rows=[
                [
                    c.title,
                    f"{c.feedback_due_at.astimezone(BEIJING):%Y-%m-%d %H:%M}",
                    c.n_recipients,
                    c.n_replied,
                    (c.n_replied / c.n_recipients) if c.n_recipients else None,
                ]
                for c in consultations
            ],
            links=[reverse("governance-consultation-detail", args=[c.pk]) for c in consultations],
            empty=_("No open consultation."),
        )
    )
    return [panel]
