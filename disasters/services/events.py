"""Events: record, re-estimate (and re-grade), declare a grade, adjust the affected companies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import OrganisationKind
from association.models import Organisation
from disasters.authority import Authority, authorise, ensure_may_record
from disasters.choices import SENSITIVE_NO, SENSITIVE_YES, ChangeKind, Grade, grade_rank
from disasters.grading import grade_with_reason
from disasters.models import AffectedCompany, Event, LevelChange
from disasters.selectors import default_affected, rule_in_force, running_response, today_beijing
from disasters.services import alerts, clocks

ESTIMATE_FIELDS = ("est_property_loss", "est_casualty_payout", "insured_deaths", "injured")


def _ensure_staff(actor):
    if actor is not None and not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff record disaster events."))


def _authority_fields(authority: Authority) -> dict:
    """What a ``LevelChange`` records of the office on whose authority it was made."""
    return {"office": authority.office, "on_behalf": authority.on_behalf}


def _regrade(event: Event) -> None:
    rule = rule_in_force(today_beijing(event.occurred_at))
    result = grade_with_reason(
        event.est_property_loss, event.est_casualty_payout, event.insured_deaths, rule=rule.bounds if rule else None
    )
    event.grading_rule = rule
    event.computed_grade = result.grade or ""
    event.grade_criterion = result.criterion or ""


def _after_grade_change(*, event: Event, old_grade: str, actor, now: dt.datetime) -> None:
    """Urgent clocks when the grade reaches I; an alert when it rises above the running level."""
    if event.grade == old_grade:
        return
    if event.grade == Grade.I:
        clocks.initial_obligations(event=event, organisations=_affected_orgs(event), actor=actor, now=now)
    response = running_response(event)
    if response is not None and grade_rank(event.grade) > grade_rank(response.level):
        alerts.alert_grade_above_level(event=event, response=response)


def estimates_text(event: Event) -> str:
    return _(
        "Property-loss payout %(property)s yuan, casualty payout %(casualty)s yuan, %(deaths)s insured deaths, "
        "%(injured)s injured"
    ) % {
        "property": f"{event.est_property_loss:,.2f}", "casualty": f"{event.est_casualty_payout:,.2f}",
        "deaths": event.insured_deaths, "injured": event.injured,
    }  # fmt: skip


def _affected_orgs(event: Event) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=event.affected.values("organisation")))


@acting
@transaction.atomic
def event_create(
    *,
    actor,
    title: str,
    hazard: str,
    occurred_at: dt.datetime,
    known_at: dt.datetime | None = None,
    regions,
    description: str = "",
    sensitive: bool = False,
    est_property_loss: Decimal = Decimal(0),
    est_casualty_payout: Decimal = Decimal(0),
    insured_deaths: int = 0,
    injured: int = 0,
    organisations=None,
    now: dt.datetime | None = None,
) -> Event:
    """Record an event, grade it, choose the affected insurers (by region unless given) and start their clocks.
    Staff and regulators record events (a sub-bureau in its own region); only staff choose the companies."""
    now = now or timezone.now()
    regions = list(regions)
    if not regions:
        raise ValidationError({"regions": _("Name at least one region.")})
    ensure_may_record(actor, region_ids={getattr(r, "pk", r) for r in regions})
    if organisations is not None:
        _ensure_staff(actor)
    event = Event(
        title=title,
        hazard=hazard,
        occurred_at=occurred_at,
        known_at=known_at or occurred_at,
        description=description,
        sensitive=sensitive,
        est_property_loss=est_property_loss,
        est_casualty_payout=est_casualty_payout,
        insured_deaths=insured_deaths,
        injured=injured,
        created_by=actor if actor is not None and actor.pk else None,
        created_at=now,
    )
    _regrade(event)
    event.full_clean()
    event.save()
    event.regions.set(regions)
    by_default = organisations is None
    orgs = default_affected(regions) if by_default else list(organisations)
    AffectedCompany.objects.bulk_create(
        [AffectedCompany(event=event, organisation=o, by_default=by_default, added_at=now) for o in orgs]
    )
    if event.computed_grade:
        LevelChange.objects.create(
            event=event, kind=ChangeKind.COMPUTED, to_value=event.computed_grade, actor=actor, at=now
        )
    clocks.initial_obligations(event=event, organisations=orgs, actor=actor, now=now)
    return event


@acting
@transaction.atomic
def event_update_estimates(*, event: Event, actor, now: dt.datetime | None = None, **estimates) -> Event:
    """New estimates: re-grade; record a change of the computed grade; alert, never change the level."""
    ensure_may_record(actor, region_ids=set(event.regions.values_list("pk", flat=True)))
    now = now or timezone.now()
    unknown = set(estimates) - set(ESTIMATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown estimate fields: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    old_computed, old_grade = event.computed_grade, event.grade
    for name, value in estimates.items():
        setattr(event, name, value)
    _regrade(event)
    event.full_clean()
    event.save(update_fields=[*estimates, "computed_grade", "grade_criterion", "grading_rule"])
    on_behalf = actor is not None and actor.is_association_staff
    if event.computed_grade != old_computed:
        LevelChange.objects.create(
            event=event,
            kind=ChangeKind.COMPUTED,
            from_value=old_computed,
            to_value=event.computed_grade,
            reason=_("New estimates"),
            actor=actor,
            at=now,
        )
    elif estimates:  # the grade stays: the new figures are on the timeline all the same
        LevelChange.objects.create(
            event=event,
            kind=ChangeKind.ESTIMATES,
            from_value=old_computed,
            to_value=event.computed_grade,
            reason=estimates_text(event),
            actor=actor,
            at=now,
            on_behalf=on_behalf,
        )
    _after_grade_change(event=event, old_grade=old_grade, actor=actor, now=now)
    return event


@acting
@transaction.atomic
def event_declare_grade(
    *, event: Event, actor, grade: str, reason: str, on_behalf_of=None, now: dt.datetime | None = None
) -> Event:
    """A regulator's grade for other reasons (social impact…), with a written reason; "" withdraws it. The
    office must be allowed both the grade withdrawn and the grade declared (``disasters.authority``)."""
    if grade and grade not in Grade.values:
        raise ValidationError({"grade": _("Unknown grade.")})
    event = Event.objects.select_for_update().get(pk=event.pk)
    authority = authorise(actor, event=event, levels=[event.declared_grade, grade], on_behalf_of=on_behalf_of)
    now = now or timezone.now()
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A declared grade needs a written reason.")})
    old_declared, old_grade = event.declared_grade, event.grade
    event.declared_grade, event.declared_reason = grade or "", reason.strip()
    event.save(update_fields=["declared_grade", "declared_reason"])
    LevelChange.objects.create(
        event=event, kind=ChangeKind.DECLARED, from_value=old_declared, to_value=grade or "", reason=reason.strip(),
        actor=actor, at=now, **_authority_fields(authority),
    )  # fmt: skip
    _after_grade_change(event=event, old_grade=old_grade, actor=actor, now=now)
    return event


@acting
@transaction.atomic
def affected_add(*, event: Event, organisation: Organisation, actor, now: dt.datetime | None = None):
    _ensure_staff(actor)
    if organisation.kind != OrganisationKind.PROPERTY_INSURER:
        raise ValidationError({"organisation": _("Only property insurers report on disaster events.")})
    now = now or timezone.now()
    row, created = AffectedCompany.objects.get_or_create(
        event=event,
        organisation=organisation,
        # added back after a removal: a new round, its reports owed again (what it answered stays answered)
        defaults={"by_default": False, "added_at": now, "round": clocks.next_round(event, organisation.pk)},
    )
    if created:
        clocks.initial_obligations(event=event, organisations=[organisation], actor=actor, now=now)
        response = running_response(event)
        if response is not None:
            clocks.daily_obligations(event=event, response=response, now=now)
    return row


@acting
@transaction.atomic
def affected_remove(*, event: Event, organisation: Organisation, actor) -> None:
    _ensure_staff(actor)
    AffectedCompany.objects.filter(event=event, organisation=organisation).delete()
    clocks.cancel_for_company(
        event=event, organisation_id=organisation.pk, reason=_("The company was removed from the event.")
    )


#: what describes an event without grading it (the estimates re-grade: ``event_update_estimates``)
DESCRIPTION_FIELDS = ("title", "hazard", "occurred_at", "known_at", "description", "sensitive", "regions")


@acting
@transaction.atomic
def event_update(*, event: Event, actor, now: dt.datetime | None = None, **fields) -> Event:
    """Correct what describes an event. A new time of occurrence re-grades it under the rule then in force;
    new regions do not change the affected companies (add or remove them on their own). Marking it very
    sensitive is recorded in its history and starts the phone and written clocks from then."""
    _ensure_staff(actor)
    now = now or timezone.now()
    unknown = set(fields) - set(DESCRIPTION_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    regions = fields.pop("regions", None)
    if regions is not None:
        regions = list(regions)
        if not regions:
            raise ValidationError({"regions": _("Name at least one region.")})
        event.regions.set(regions)
    changed = [name for name, value in fields.items() if getattr(event, name) != value]
    for name in changed:
        setattr(event, name, fields[name])
    if changed:
        event.full_clean()
        event.save(update_fields=changed)
    if "sensitive" in changed:
        flag = {True: SENSITIVE_YES, False: SENSITIVE_NO}
        LevelChange.objects.create(
            event=event, kind=ChangeKind.SENSITIVE, from_value=flag[not event.sensitive],
            to_value=flag[event.sensitive], actor=actor, at=now,
        )  # fmt: skip
        if event.sensitive:
            clocks.initial_obligations(event=event, organisations=_affected_orgs(event), actor=actor, now=now)
    if "occurred_at" in changed:
        event = event_update_estimates(event=event, actor=actor, now=now)
    return event
