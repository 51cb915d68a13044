"""Who is told at each ladder step, and through which addresses (reads only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from association.choices import ContactDuty, ContactSlot, Role
from association.encryption import mask, mask_phone
from association.models import ContactPerson, Membership, Organisation
from messaging.choices import ROBOT_KINDS, ChannelKind, LadderStep
from messaging.models import Channel


@dataclass
class Person:
    key: str  # "contact:12", "user:34"
    name: str
    phone: str = ""
    email: str = ""
    user_id: int | None = None
    channels: list = field(default_factory=list)  # the person's own robots


def chain(organisation: Organisation) -> list[int]:
    return [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])


def contact(organisation: Organisation, duty: str, slot: str) -> Person | None:
    """The organisation's contact for ``duty`` in ``slot`` (else its general liaison; else its parent's)."""
    duties = [ContactDuty.GENERAL] if duty in ("", ContactDuty.GENERAL) else [duty, ContactDuty.GENERAL]
    ids = chain(organisation)
    found = {(c.organisation_id, c.duty): c for c in ContactPerson.objects.filter(organisation_id__in=ids, slot=slot)}
    for org_id in ids:
        for d in duties:
            c = found.get((org_id, d))
            if c is not None:
                label = ContactSlot(slot).label
                return Person(key=f"contact:{c.pk}", name=f"{c.name}（{label}）", phone=c.phone, email=c.email)
    return None


def _users(memberships) -> list[Person]:
    people = {}
    for m in memberships.select_related("user"):
        u = m.user
        people[u.pk] = Person(
            key=f"user:{u.pk}",
            name=u.display_name or u.get_full_name() or u.username,
            phone=u.phone,
            email=u.email,
            user_id=u.pk,
        )
    if people:
        for ch in Channel.objects.active().filter(user_id__in=list(people)):
            people[ch.user_id].channels.append(ch)
    return list(people.values())


def managers(organisation: Organisation) -> list[Person]:
    return _users(
        Membership.objects.filter(
            organisation_id__in=chain(organisation), role=Role.MEMBER_MANAGER, is_active=True, user__is_active=True
        )
    )


def staff() -> list[Person]:
    return _users(Membership.objects.filter(role=Role.STAFF, is_active=True, user__is_active=True))


def portal_users(organisation: Organisation) -> list[tuple[int, str]]:
    """The company's people who see its notifications in the portal (step A): (id, name)."""
    rows = Membership.objects.filter(
        organisation_id__in=chain(organisation),
        role__in=[Role.MEMBER_MANAGER, Role.MEMBER_REPORTER],
        is_active=True,
        user__is_active=True,
    ).values_list("user_id", "user__display_name", "user__username")
    return list({uid: (uid, display or username) for uid, display, username in rows}.values())


def people_at(step: int, organisation: Organisation, duty: str) -> list[Person]:
    if step == LadderStep.CONTACT_A:
        found = contact(organisation, duty, ContactSlot.A)
        return [found] if found else []
    if step == LadderStep.CONTACT_B:
        found = contact(organisation, duty, ContactSlot.B)
        return [found] if found else []
    if step == LadderStep.MANAGER:
        return managers(organisation)
    return staff()


def robots(organisation: Organisation) -> list[Channel]:
    """The organisation's group robots and webhooks (its own; a branch without any, its parent's)."""
    found = list(Channel.objects.active().filter(organisation_id__in=chain(organisation), kind__in=ROBOT_KINDS))
    own = [c for c in found if c.organisation_id == organisation.pk]
    return own or found


def sms_gateway(organisation: Organisation | None) -> Channel | None:
    """The organisation's own SMS gateway, else the association's (a gateway with no owner)."""
    gateways = Channel.objects.active().filter(kind=ChannelKind.SMS, user__isnull=True).order_by("id")
    if organisation is not None:
        own = list(gateways.filter(organisation_id__in=chain(organisation)))
        if own:
            return own[0]
    return gateways.filter(organisation__isnull=True).first()


def show(via: str, address: str) -> str:
    if via == "sms":
        return mask_phone(address)
    if via == "email":
        name, _, domain = address.partition("@")
        return f"{name[:2]}***@{domain}" if domain else mask(address)
    return ""
