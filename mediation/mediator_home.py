"""A mediator's home (issue 15, point 4): their own open cases, the nearest time limit first, with the days
left or overdue and the step to take next; a panel of the overview pages for the "mediator" audience."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from association.overview import Figure, Panel, Table
from association.reports.registry import Column
from mediation.api.serializers import TRANSITION_ACTIONS, available_actions
from mediation.choices import OPEN_STATUSES
from mediation.models import Case

#: the cases the home lists (the nearest time limits); the rest are on the case list
MAX_ROWS = 50
#: a time limit this close is shown in the "due within a week" figure
SOON_DAYS = 7
#: the steps a mediator takes, in the order offered as "next" (the first one the case allows)
NEXT_STEPS = ("session", "succeed", "resume", "apply_confirmation")


def time_left(case: Case, today: dt.date) -> str:
    """ "3 days left", "due today", "overdue by 2 days", "suspended since ..." or "—" (no time limit running)."""
    if case.suspended_on is not None:
        return _("suspended since %(date)s") % {"date": f"{case.suspended_on:%Y-%m-%d}"}
    if case.mediation_due_on is None:
        return "—"
    days = (case.mediation_due_on - today).days
    if days == 0:
        return _("due today")
    if days > 0:
        return ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}
    return ngettext("overdue by %(n)d day", "overdue by %(n)d days", -days) % {"n": -days}


def next_step(user, case: Case) -> tuple[str, str]:
    """The button of a row: the first step the mediator may take on the case now, else "Open"."""
    labels = dict(TRANSITION_ACTIONS)
    detail = reverse("mediation-case-detail", args=[case.pk])
    allowed = available_actions(user, case)
    for key in NEXT_STEPS:
        if key in allowed:
            return str(labels[key]), f"{detail}#workflow"
    return _("Open the case"), detail


def _soon(case: Case, today: dt.date) -> bool:
    due = case.mediation_due_on
    return case.suspended_on is None and due is not None and 0 <= (due - today).days <= SOON_DAYS


def mediator_panel(*, user, today: dt.date) -> Panel:
    cases_url = reverse("mediation-case-list")
    open_cases = Case.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
    cases = list(
        open_cases.select_related("respondent").order_by(
            F("mediation_due_on").asc(nulls_last=True), "received_on", "pk"
        )[:MAX_ROWS]
    )
    full = len(cases) == MAX_ROWS  # the nearest time limits come first: counted from the rows unless cut off
    soon_cases = open_cases.filter(
        suspended_on__isnull=True, mediation_due_on__range=(today, today + dt.timedelta(days=SOON_DAYS))
    )
    total = open_cases.count() if full else len(cases)
    overdue = open_cases.overdue(today).count() if full else sum(1 for c in cases if c.is_overdue)
    soon = soon_cases.count() if full else sum(1 for c in cases if _soon(c, today))
    panel = Panel(key="my-cases", title=_("Your cases and their time limits"), order=10, url=cases_url)
    panel.figures = [
        Figure(_("Open cases"), total, f"{cases_url}?status=open"),
        Figure(_("Past their time limit"), overdue, f"{cases_url}?overdue=1", tone="danger" if overdue else ""),
        Figure(_("Time limit within a week"), soon, tone="warning" if soon else "", counts_rows=False),
    ]
    panel.tables.append(
        Table(
            key="my-cases",
            title=_("Your open cases, the nearest time limit first"),
            columns=[
                Column(_("Case number"), "text", 16),
                Column(_("Respondent company"), "text", 20),
                Column(_("Status"), "text", 12),
                Column(_("Mediation due"), "text", 12),
                Column(_("Time left"), "text", 14),
            ],
            rows=[
                [
                    c.number,
                    c.respondent.short_name or c.respondent.name,
                    c.get_status_display(),
                    f"{c.mediation_due_on:%Y-%m-%d}" if c.mediation_due_on else "—",
                    time_left(c, today),
                ]
                for c in cases
            ],
            links=[reverse("mediation-case-detail", args=[c.pk]) for c in cases],
            actions=[next_step(user, c) for c in cases],
            empty=_("No open cases are assigned to you."),
        )
    )
    return panel
