"""Who may act on a disaster event, by office (seed 002, articles 7 and 8): the one place this rule is written.

- The **provincial bureau** (a regulator office of the province, the root region) records events anywhere,
  opens, raises, lowers and terminates responses at II and III for any region, requests level I from the
  national regulator and records its answer, and declares a grade for other reasons.
- A **sub-bureau** (a regulator office of a prefecture) does the same at level III only, and only for an event
  whose every region lies in its own region; anything at II or I is the provincial bureau's.
- **Association staff** may do all of it *on a regulator's behalf* (由协会代为记录): the step is recorded as
  such, with the office named when they name one; a named office must itself be allowed the step.

The services (``disasters.services.events`` and ``.responses``) call :func:`authorise` /
:func:`ensure_may_record`, so the admin, the API and the portal obey the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from association.choices import OrganisationKind, Role
from disasters.choices import Grade


@dataclass(frozen=True)
class Authority:
    """On whose authority a step is taken: the office, and whether association staff recorded it for it."""

    office: object | None  # an Organisation of kind regulator, or None (staff naming no office)
    on_behalf: bool


def _office_regions(office) -> set[int] | None:
    """``None``: the provincial bureau (every region); a set: a sub-bureau's region and those under it."""
    region = office.region
    if region is None:
        return set()
    if region.parent_id is None:
        return None
    return set(region.subtree_ids())


def office_may(office, *, region_ids, levels, own=False) -> bool:
    """Whether a regulator office may act at every one of ``levels`` ("" for none) on an event in ``region_ids``.
    ``own``: the office's regions when the caller knows them (``None`` the province's bureau)."""
    if office is None or office.kind != OrganisationKind.REGULATOR:
        return False
    if own is False:
        own = _office_regions(office)
    if own is None:
        return True
    if not own or not region_ids:
        return False
    return all(level in ("", Grade.III) for level in levels) and set(region_ids) <= own


def regulator_offices(user) -> list:
    return [m.organisation for m in user.active_memberships if m.role == Role.REGULATOR]


def _offices_with_regions(user) -> list[tuple]:
    """The user's regulator offices with their regions; one office (the usual case) reads the regions the user's
    scope has already computed (``User.regulated_region_ids``), sparing the queries."""
    offices = regulator_offices(user)
    if len(offices) == 1 and offices[0].region is not None:
        return [(offices[0], user.regulated_region_ids())]
    return [(office, _office_regions(office)) for office in offices]


def _event_regions(event) -> set[int]:
    return set(event.regions.values_list("pk", flat=True))


def authorise(actor, *, event, levels, on_behalf_of=None) -> Authority:
    """The office on whose authority ``actor`` acts at ``levels`` on ``event``; ``PermissionDenied`` otherwise."""
    if actor is None:
        raise PermissionDenied(_("Only regulators and association staff declare or change grades."))
    levels = [level or "" for level in levels]
    if actor.is_association_staff:
        if on_behalf_of is not None and not office_may(on_behalf_of, region_ids=_event_regions(event), levels=levels):
            raise PermissionDenied(
                _("%(office)s may not take this step for this event; choose the office whose step it is.")
                % {"office": on_behalf_of}
            )
        return Authority(office=on_behalf_of, on_behalf=True)
    if on_behalf_of is not None:
        raise PermissionDenied(_("Only association staff record a step on a regulator's behalf."))
    offices = _offices_with_regions(actor)
    if not offices:
        raise PermissionDenied(_("Only regulators and association staff declare or change grades."))
    region_ids = _event_regions(event)
    for office, own in offices:
        if office_may(office, region_ids=region_ids, levels=levels, own=own):
            return Authority(office=office, on_behalf=False)
    if any(level not in ("", Grade.III) for level in levels):
        raise PermissionDenied(_("Level II and level I are the provincial bureau's: a sub-bureau acts at level III."))
    raise PermissionDenied(_("A sub-bureau acts only on events in its own region."))


def levels_allowed(actor, *, region_ids) -> set[str]:
    """The levels ("" for none) at which ``actor`` may act on an event in ``region_ids``, for showing or hiding
    steps in the portal (a step at several levels needs each); staff: all of them, on a regulator's behalf."""
    everything = {"", *Grade.values}
    if actor is None or not actor.is_authenticated:
        return set()
    if actor.is_association_staff:
        return everything
    allowed: set[str] = set()
    for office, own in _offices_with_regions(actor):
        allowed |= {level for level in everything if office_may(office, region_ids=region_ids, levels=[level], own=own)}
    return allowed


def ensure_may_record(actor, *, region_ids) -> None:
    """Recording an event or new estimates: staff; the provincial bureau; a sub-bureau within its region.
    ``actor`` ``None`` is the system (an import, a task)."""
    if actor is None or actor.is_association_staff:
        return
    if any(office_may(o, region_ids=region_ids, levels=[""], own=own) for o, own in _offices_with_regions(actor)):
        return
    if actor.is_regulator:
        raise PermissionDenied(_("A sub-bureau records events only in its own region."))
    raise PermissionDenied(_("Only regulators and association staff record disaster events."))


def may_record(actor, *, region_ids) -> bool:
    try:
        ensure_may_record(actor, region_ids=region_ids)
    except PermissionDenied:
        return False
    return True
