"""Terms and seats of the association's bodies; a re-election (换届) ends a term and opens the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from association.audit import acting
from governance.choices import Position, TermStatus
from governance.models import Body, Seat, Term
from governance.services.permissions import ensure_staff


@dataclass(frozen=True)
class SeatSpec:
    organisation: object
    position: str = Position.MEMBER
    representative: str = ""
    representative_title: str = ""


BODY_FIELDS = (
    "kind",
    "name",
    "short_name",
    "description",
    "votes",
    "quorum_num",
    "quorum_den",
    "pass_num",
    "pass_den",
    "is_active",
    "order",
)


@acting
@transaction.atomic
def body_create(*, actor, **fields) -> Body:
    """A body of the association (configuration, in the admin): its first term is opened by ``term_open``."""
    ensure_staff(actor)
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    body = Body(**fields)
    body.name = (body.name or "").strip()
    body.full_clean()
    body.save()
    return body


@acting
@transaction.atomic
def body_update(*, actor, body: Body, **fields) -> Body:
    """Its name, remit, voting rule (quorum and majority, used by meetings from now on), order, or retiring it
    (``is_active``; a body is never deleted: its meetings and terms refer to it)."""
    ensure_staff(actor)
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    body = Body.objects.select_for_update().get(pk=body.pk)
    changed = [k for k, v in fields.items() if getattr(body, k) != v]
    for k in changed:
        setattr(body, k, fields[k])
    if changed:
        body.full_clean()
        body.save(update_fields=changed)
    return body


def current_term(body: Body) -> Term | None:
    return body.terms.filter(status=TermStatus.OPEN).first()


def _add_seats(term: Term, seats: list[SeatSpec]) -> None:
    seen = set()
    for spec in seats:
        if spec.organisation.pk in seen:
            raise ValidationError({"seats": _("%(name)s is listed twice.") % {"name": spec.organisation.name}})
        seen.add(spec.organisation.pk)
        seat = Seat(
            term=term,
            organisation=spec.organisation,
            position=spec.position,
            representative=spec.representative.strip(),
            representative_title=spec.representative_title.strip(),
            joined_on=term.starts_on,
        )
        seat.full_clean(exclude=["term"])
        seat.save()


@acting
@transaction.atomic
def term_open(*, actor, body: Body, number: int, starts_on: dt.date, seats: list[SeatSpec], note: str = "") -> Term:
    """The first term the portal knows of a body (e.g. the seventh council, elected before the portal)."""
    ensure_staff(actor)
    body = Body.objects.select_for_update().get(pk=body.pk)
    if current_term(body) is not None:
        raise ValidationError(_("This body already has a term in office; hold a re-election instead."))
    term = Term(body=body, number=number, starts_on=starts_on, note=note)
    term.full_clean()
    term.save()
    _add_seats(term, seats)
    return term


@acting
@transaction.atomic
def term_reelect(*, actor, body: Body, starts_on: dt.date, seats: list[SeatSpec], note: str = "", meeting=None) -> Term:
    """Re-election: the term in office ends the day before ``starts_on`` (its seats stay on record as they
    were) and the next term opens with the elected seats."""
    ensure_staff(actor)
    body = Body.objects.select_for_update().get(pk=body.pk)
    old = current_term(body)
    if not seats:
        raise ValidationError({"seats": _("A new term needs at least one member.")})
    number = 1
    if old is not None:
        if starts_on <= old.starts_on:
            raise ValidationError({"starts_on": _("The new term must start after the current one started.")})
        old.status = TermStatus.CLOSED
        old.ends_on = starts_on - dt.timedelta(days=1)
        old.save(update_fields=["status", "ends_on"])
        old.seats.filter(left_on__isnull=True).update(left_on=old.ends_on)
        number = old.number + 1
    if meeting is not None:
        note = (note + "\n" + _("Elected at %(meeting)s.") % {"meeting": meeting.title}).strip()
    term = Term(body=body, number=number, starts_on=starts_on, note=note)
    term.full_clean()
    term.save()
    _add_seats(term, seats)
    return term


SEAT_FIELDS = ("position", "representative", "representative_title")
TERM_FIELDS = ("starts_on", "note")


@acting
@transaction.atomic
def term_update(*, actor, term: Term, **fields) -> Term:
    """A correction of a term's start date or note. Its number, body, end and status change only by a
    re-election (``term_reelect``)."""
    ensure_staff(actor)
    unknown = set(fields) - set(TERM_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    term = Term.objects.select_for_update().get(pk=term.pk)
    changed = [k for k, v in fields.items() if getattr(term, k) != v]
    for k in changed:
        setattr(term, k, fields[k])
    if changed:
        term.full_clean()
        term.save(update_fields=changed)
    return term


@acting
@transaction.atomic
def seat_add(*, actor, term: Term, spec: SeatSpec, joined_on: dt.date | None = None) -> Seat:
    ensure_staff(actor)
    if term.status != TermStatus.OPEN:
        raise ValidationError(_("This term has ended; its seats stay as they were."))
    if term.seats.filter(organisation=spec.organisation).exists():
        raise ValidationError({"organisation": _("This organisation already sits on this term.")})
    seat = Seat(
        term=term,
        organisation=spec.organisation,
        position=spec.position,
        representative=spec.representative,
        representative_title=spec.representative_title,
        joined_on=joined_on or term.starts_on,
    )
    seat.full_clean()
    seat.save()
    return seat


@acting
@transaction.atomic
def seat_update(*, actor, seat: Seat, **fields) -> Seat:
    """A new representative or position within the term (the history keeps the earlier ones)."""
    ensure_staff(actor)
    unknown = set(fields) - set(SEAT_FIELDS) - {"joined_on", "left_on"}
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    changed = [k for k, v in fields.items() if getattr(seat, k) != v]
    for k in changed:
        setattr(seat, k, fields[k])
    if changed:
        seat.full_clean()
        seat.save(update_fields=changed)
    return seat


@acting
@transaction.atomic
def seat_delete(*, actor, seat: Seat) -> None:
    ensure_staff(actor)
    if seat.term.status != TermStatus.OPEN:
        raise ValidationError(_("This term has ended; its seats stay as they were."))
    seat.delete()
