"""Loss reports: one per company per day; cumulative figures never go down; answers the day's obligations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import AWAITING_MEMBER, ObligationKind
from association.models import Obligation, Organisation
from association.services.obligations import obligation_submit
from disasters.choices import ReportSource
from disasters.models import AffectedCompany, Event, LossReport
from disasters.models.reports import CUMULATIVE_FIELDS, FIGURE_FIELDS
from disasters.selectors import today_beijing
from disasters.services import clocks

TEXT_FIELDS = ("business_status", "staff_deployed", "problems", "measures")
#: the obligations a loss report answers when they are still open: the day's daily report, and the
#: first (initial / written) reports, since a loss report is a written report on the situation
ANSWERS = (ObligationKind.DISASTER_INITIAL_REPORT, ObligationKind.DISASTER_WRITTEN_REPORT)


def _fmt(value) -> str:
    return f"{value:,.2f}" if isinstance(value, Decimal) else f"{value:,}"


def check_cumulative(*, event: Event, organisation: Organisation, report_date: dt.date, figures: dict) -> None:
    """The figures may not be below the company's previous report nor above its next one."""
    mine = LossReport.objects.filter(event=event, organisation=organisation)
    previous = mine.filter(report_date__lt=report_date).order_by("-report_date").first()
    following = mine.filter(report_date__gt=report_date).order_by("report_date").first()
    errors = {}
    for name in CUMULATIVE_FIELDS:
        value = figures[name]
        label = LossReport._meta.get_field(name).verbose_name
        if previous is not None and value < getattr(previous, name):
            errors[name] = _(
                "%(field)s is cumulative and may not decrease: %(value)s is %(diff)s below "
                "the report of %(date)s (%(prev)s)."
            ) % {
                "field": label, "value": _fmt(value), "diff": _fmt(getattr(previous, name) - value),
                "date": previous.report_date.isoformat(), "prev": _fmt(getattr(previous, name)),
            }  # fmt: skip
        elif following is not None and value > getattr(following, name):
            errors[name] = _(
                "%(field)s is cumulative: %(value)s is %(diff)s above the later report of %(date)s (%(next)s)."
            ) % {
                "field": label, "value": _fmt(value), "diff": _fmt(value - getattr(following, name)),
                "date": following.report_date.isoformat(), "next": _fmt(getattr(following, name)),
            }  # fmt: skip
    if errors:
        raise ValidationError(errors)


def _answer_obligations(*, event: Event, report: LossReport, actor) -> list[int]:
    org, day = report.organisation_id, report.report_date
    rounds = range(1, clocks.rounds(event, [org]).get(org, 1) + 1)  # what it still owes from any round
    keys = [clocks.key(event, "daily", org, day, round=n) for n in rounds]
    keys += [clocks.key(event, k.removeprefix("disaster_"), org, round=n) for k in ANSWERS for n in rounds]
    data = {"loss_report": report.pk, "report_date": report.report_date.isoformat()}
    data |= {f: str(getattr(report, f)) for f in (*FIGURE_FIELDS, "staff_deployed", "business_status")}
    answered = []
    for obligation in Obligation.objects.filter(dedupe_key__in=keys, status__in=AWAITING_MEMBER):
        text = "\n".join(x for x in (report.problems, report.measures) if x) or _("Loss report")
        obligation_submit(obligation=obligation, actor=actor, text=text, data=data)
        answered.append(obligation.pk)
    return answered


@acting
@transaction.atomic
def loss_report_submit(
    *,
    event: Event,
    organisation: Organisation,
    actor,
    report_date: dt.date | None = None,
    source: str = ReportSource.PORTAL,
    now: dt.datetime | None = None,
    **values,
) -> LossReport:
    """Create (or correct, the same day) a company's report for one day, then answer its obligations."""
    now = now or timezone.now()
    report_date = report_date or today_beijing(now)
    if not actor.may_act_for(organisation.pk):
        raise ValidationError({"organisation": _("You may report only for your own organisation.")})
    if not AffectedCompany.objects.filter(event=event, organisation=organisation).exists():
        raise ValidationError({"organisation": _("This company is not among the companies affected by the event.")})
    if report_date > today_beijing(now):
        raise ValidationError({"report_date": _("A report cannot be dated in the future.")})
    if report_date < today_beijing(event.occurred_at):
        raise ValidationError({"report_date": _("A report cannot be dated before the event.")})
    unknown = set(values) - set(FIGURE_FIELDS) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown loss report fields: {sorted(unknown)}")
    missing = [f for f in FIGURE_FIELDS if values.get(f) is None]
    if missing:
        raise ValidationError({f: _("This field is required.") for f in missing})
    report = LossReport.objects.select_for_update().filter(
        event=event, organisation=organisation, report_date=report_date
    ).first() or LossReport(event=event, organisation=organisation, report_date=report_date)
    for name, value in values.items():
        setattr(report, name, value)
    report.source, report.submitted_at = source, now
    report.submitted_by = actor if actor is not None and actor.pk else None
    report.full_clean(validate_unique=False)
    check_cumulative(
        event=event, organisation=organisation, report_date=report_date,
        figures={f: getattr(report, f) for f in CUMULATIVE_FIELDS},
    )  # fmt: skip
    report.save()
    _answer_obligations(event=event, report=report, actor=actor)
    return report


@acting
@transaction.atomic
def phone_report_record(*, event: Event, organisation: Organisation, actor, note: str) -> Obligation | None:
    """Staff record a company's phone report when the call comes (answers its phone-report obligation)."""
    rounds = range(1, clocks.rounds(event, [organisation.pk]).get(organisation.pk, 1) + 1)
    obligation = Obligation.objects.filter(
        dedupe_key__in=[clocks.key(event, "phone", organisation.pk, round=n) for n in rounds],
        status__in=AWAITING_MEMBER,
    ).first()
    if obligation is None:
        return None
    obligation_submit(obligation=obligation, actor=actor, text=note or _("Phone report received"))
    return obligation
