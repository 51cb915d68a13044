"""Responses: open, change level (raising to I is a request to the national regulator), terminate."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.services.obligations import obligations_cancel_for
from disasters.authority import authorise
from disasters.choices import LEADING_OFFICE_BY_LEVEL, ChangeKind, ChangeStatus, Grade
from disasters.models import Event, LevelChange, Response
from disasters.services import clocks
from disasters.services.events import _affected_orgs, _authority_fields


@acting
@transaction.atomic
def response_open(
    *, event: Event, actor, level: str, reason: str = "", on_behalf_of=None, now: dt.datetime | None = None
) -> Response:
    """Open a response at a level (the office must be allowed that level for the event's regions)."""
    if level not in Grade.values:
        raise ValidationError({"level": _("Unknown response level.")})
    authority = authorise(actor, event=event, levels=[level], on_behalf_of=on_behalf_of)
    now = now or timezone.now()
    if Response.objects.filter(event=event, terminated_at__isnull=True).exists():
        raise ValidationError(_("A response is already running for this event; change its level instead."))
    response = Response(
        event=event, level=level, leading_office=LEADING_OFFICE_BY_LEVEL[Grade(level)], started_at=now,
        started_by=actor if actor.pk else None,
    )  # fmt: skip
    response.full_clean()
    response.save()
    LevelChange.objects.create(
        event=event,
        response=response,
        kind=ChangeKind.LEVEL,
        to_value=level,
        reason=reason,
        actor=actor,
        at=now,
        **_authority_fields(authority),
    )
    clocks.initial_obligations(event=event, organisations=_affected_orgs(event), actor=actor, now=now)
    clocks.daily_obligations(event=event, response=response, now=now)
    return response


def _apply_level(response: Response, level: str, now: dt.datetime) -> None:
    old = response.level
    response.level = level
    response.leading_office = LEADING_OFFICE_BY_LEVEL[Grade(level)]
    response.save(update_fields=["level", "leading_office"])
    if level in clocks.DAILY_LEVELS:
        clocks.daily_obligations(event=response.event, response=response, now=now)
    elif old in clocks.DAILY_LEVELS:
        clocks.cancel_daily_after(event=response.event, after=now, reason=_("The response was lowered below level II."))


@acting
@transaction.atomic
def response_change_level(
    *, response: Response, actor, level: str, reason: str, on_behalf_of=None, now: dt.datetime | None = None
) -> LevelChange:
    """II and III are adjusted by the bureau or sub-bureau; raising to I is recorded as a request. The office
    must be allowed both the level left and the level reached."""
    now = now or timezone.now()
    response = Response.objects.select_for_update().select_related("event").get(pk=response.pk)
    authority = authorise(
        actor, event=response.event, levels=[response.level, level if level in Grade.values else ""],
        on_behalf_of=on_behalf_of,
    )  # fmt: skip
    if response.terminated_at is not None:
        raise ValidationError(_("The response has been terminated."))
    if level not in Grade.values:
        raise ValidationError({"level": _("Unknown response level.")})
    if level == response.level:
        raise ValidationError({"level": _("The response already runs at this level.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the level changes.")})
    requested = level == Grade.I
    change = LevelChange.objects.create(
        event=response.event, response=response, kind=ChangeKind.LEVEL, from_value=response.level, to_value=level,
        reason=reason.strip(), status=ChangeStatus.REQUESTED if requested else ChangeStatus.APPLIED, actor=actor,
        at=now, **_authority_fields(authority),
    )  # fmt: skip
    if not requested:
        _apply_level(response, level, now)
    return change


@acting
@transaction.atomic
def level_request_decide(
    *, change: LevelChange, actor, approve: bool, note: str = "", on_behalf_of=None, now=None
) -> LevelChange:
    """Record the national regulator's answer to a request for level I (the provincial bureau, or staff for it)."""
    now = now or timezone.now()
    change = LevelChange.objects.select_for_update(of=("self",)).select_related("response", "event").get(pk=change.pk)
    authority = authorise(actor, event=change.event, levels=[Grade.I], on_behalf_of=on_behalf_of)
    if change.status != ChangeStatus.REQUESTED:
        raise ValidationError(_("This change is not a pending request."))
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    change.decided_at = now
    if note:
        change.reason = f"{change.reason}\n{note}".strip()
    change.decided_by = actor
    change.decided_on_behalf = authority.on_behalf
    change.save(update_fields=["status", "reason", "decided_at", "decided_by", "decided_on_behalf"])
    response = change.response
    if approve and response is not None and response.terminated_at is None:
        _apply_level(response, change.to_value, now)
    return change


@acting
@transaction.atomic
def response_terminate(
    *, response: Response, actor, reason: str = "", on_behalf_of=None, now: dt.datetime | None = None
) -> Response:
    """End the response (the office must be allowed its current level); the event's clocks stop."""
    now = now or timezone.now()
    response = Response.objects.select_for_update().select_related("event").get(pk=response.pk)
    authority = authorise(actor, event=response.event, levels=[response.level], on_behalf_of=on_behalf_of)
    if response.terminated_at is not None:
        raise ValidationError(_("The response has already been terminated."))
    response.terminated_at = now
    response.save(update_fields=["terminated_at"])
    LevelChange.objects.create(
        event=response.event, response=response, kind=ChangeKind.LEVEL, from_value=response.level, to_value="",
        reason=reason or _("Response terminated"), actor=actor, at=now, **_authority_fields(authority),
    )  # fmt: skip
    # the event's report clocks stop: what is not yet due is no longer owed; what was due stays owed (a breach)
    obligations_cancel_for(response.event, actor=actor, reason=_("The response was terminated."), now=now)
    return response
