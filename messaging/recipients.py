"""Who is told at each ladder step, and through which addresses (reads only).

A ``Directory`` answers for a set of organisations with a fixed number of queries, whatever their number and
the number of messages asked about: the ladder sweep builds one per batch (each kind of row is read once, the
first time a step needs it). The module-level functions are a one-organisation directory each.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

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


def _person(user) -> Person:
    return Person(
        key=f"user:{user.pk}",
        name=user.display_name or user.get_full_name() or user.username,
        phone=user.phone,
        email=user.email,
        user_id=user.pk,
    )


class Directory:
    """The contacts, managers, staff, robots, SMS gateways and portal users of ``organisations`` (and their
    parents), each read once, on first use."""

    def __init__(self, organisations):
        self.ids = sorted({i for org in organisations for i in chain(org)})
        self._cache: dict[str, object] = {}

    def _once(self, name, load):
        if name not in self._cache:
            self._cache[name] = load()
        return self._cache[name]

    # -- people ---------------------------------------------------------------------------------------------
    def _contacts(self) -> dict:
        def load():
            return {
                (c.organisation_id, c.duty, c.slot): c
                for c in ContactPerson.objects.filter(organisation_id__in=self.ids).order_by("id")
            }

        return self._once("contacts", load)

    def contact(self, organisation: Organisation, duty: str, slot: str) -> Person | None:
        """The organisation's contact for ``duty`` in ``slot`` (else its general liaison; else its parent's)."""
        duties = [ContactDuty.GENERAL] if duty in ("", ContactDuty.GENERAL) else [duty, ContactDuty.GENERAL]
        found = self._contacts()
        for org_id in chain(organisation):
            for d in duties:
                c = found.get((org_id, d, slot))
                if c is not None:
                    label = ContactSlot(slot).label
                    return Person(key=f"contact:{c.pk}", name=f"{c.name}（{label}）", phone=c.phone, email=c.email)
        return None

    @staticmethod
    def _own_channels(users) -> dict[int, list]:
        """The users' own robots, user id → channels (one query for all of them)."""
        found = defaultdict(list)
        if users:
            for ch in Channel.objects.active().filter(user_id__in=[u.pk for u in users]).order_by("id"):
                found[ch.user_id].append(ch)
        return found

    def _people(self, users, channels) -> list[Person]:
        people = []
        for u in users:
            person = _person(u)
            person.channels = list(channels.get(u.pk, []))
            people.append(person)
        return people

    def _managers_by_org(self) -> tuple[dict, dict]:
        def load():
            found = defaultdict(list)
            memberships = Membership.objects.filter(
                organisation_id__in=self.ids, role=Role.MEMBER_MANAGER, is_active=True, user__is_active=True
            ).select_related("user")
            for m in memberships.order_by("id"):
                found[m.organisation_id].append(m.user)
            return found, self._own_channels([u for users in found.values() for u in users])

        return self._once("managers", load)

    def managers(self, organisation: Organisation) -> list[Person]:
        by_org, channels = self._managers_by_org()
        users = {u.pk: u for org_id in chain(organisation) for u in by_org.get(org_id, [])}
        return self._people(users.values(), channels)

    def staff(self) -> list[Person]:
        def load():
            memberships = Membership.objects.filter(role=Role.STAFF, is_active=True, user__is_active=True)
            users = list({m.user.pk: m.user for m in memberships.select_related("user").order_by("id")}.values())
            return users, self._own_channels(users)

        return self._people(*self._once("staff", load))

    def portal_users(self, organisation: Organisation) -> list[tuple[int, str]]:
        """The company's people who see its notifications in the portal (step A): (id, name)."""

        def load():
            found = defaultdict(list)
            rows = Membership.objects.filter(
                organisation_id__in=self.ids,
                role__in=[Role.MEMBER_MANAGER, Role.MEMBER_REPORTER],
                is_active=True,
                user__is_active=True,
            ).values_list("organisation_id", "user_id", "user__display_name", "user__username")
            for org_id, uid, display, username in rows.order_by("id"):
                found[org_id].append((uid, display or username))
            return found

        by_org = self._once("portal", load)
        users = {uid: (uid, name) for org_id in chain(organisation) for uid, name in by_org.get(org_id, [])}
        return list(users.values())

    def people_at(self, step: int, organisation: Organisation, duty: str) -> list[Person]:
        if step == LadderStep.CONTACT_A:
            found = self.contact(organisation, duty, ContactSlot.A)
            return [found] if found else []
        if step == LadderStep.CONTACT_B:
            found = self.contact(organisation, duty, ContactSlot.B)
            return [found] if found else []
        if step == LadderStep.MANAGER:
            return self.managers(organisation)
        return self.staff()

    # -- channels -------------------------------------------------------------------------------------------
    def robots(self, organisation: Organisation) -> list[Channel]:
        """The organisation's group robots and webhooks (its own; a branch without any, its parent's)."""

        def load():
            found = defaultdict(list)
            qs = Channel.objects.active().filter(organisation_id__in=self.ids, kind__in=ROBOT_KINDS)
            for ch in qs.order_by("organisation", "kind", "label", "id"):
                found[ch.organisation_id].append(ch)
            return found

        by_org = self._once("robots", load)
        return list(by_org.get(organisation.pk, [])) or list(by_org.get(organisation.parent_id, []))

    def sms_gateway(self, organisation: Organisation | None) -> Channel | None:
        """The organisation's own SMS gateway (or its parent's), else the association's (a gateway with no owner)."""

        def load():
            gateways = Channel.objects.active().filter(kind=ChannelKind.SMS, user__isnull=True)
            return list(gateways.filter(Q(organisation_id__in=self.ids) | Q(organisation__isnull=True)).order_by("id"))

        gateways = self._once("sms", load)
        if organisation is not None:
            ids = set(chain(organisation))
            own = [g for g in gateways if g.organisation_id in ids]
            if own:
                return own[0]
        return next((g for g in gateways if g.organisation_id is None), None)


# -- one organisation at a time ------------------------------------------------------------------------------
def contact(organisation: Organisation, duty: str, slot: str) -> Person | None:
    return Directory([organisation]).contact(organisation, duty, slot)


def managers(organisation: Organisation) -> list[Person]:
    return Directory([organisation]).managers(organisation)


def staff() -> list[Person]:
    return Directory([]).staff()


def portal_users(organisation: Organisation) -> list[tuple[int, str]]:
    return Directory([organisation]).portal_users(organisation)


def people_at(step: int, organisation: Organisation, duty: str) -> list[Person]:
    return Directory([organisation]).people_at(step, organisation, duty)


def robots(organisation: Organisation) -> list[Channel]:
    return Directory([organisation]).robots(organisation)


def sms_gateway(organisation: Organisation | None) -> Channel | None:
    return Directory([organisation] if organisation is not None else []).sms_gateway(organisation)


def show(via: str, address: str) -> str:
    if via == "sms":
        return mask_phone(address)
    if via == "email":
        name, _, domain = address.partition("@")
        return f"{name[:2]}***@{domain}" if domain else mask(address)
    return ""
