"""The contact duties each kind of organisation must fill (A and B), defined once and used by the member
page, the weekly gap report and the annual confirmation obligation.

Seed 002 art. 17: regulator offices, property insurers and associations name responsible people for
disaster handling, with A/B back-ups for key posts; the other duties (general liaison, publicity for the
public-opinion alerts of seed 004, complaints and mediation) are every member company's.
"""

import re

import pytest

from association.choices import REQUIRED_CONTACT_DUTIES, ContactDuty, ObligationKind, OrganisationKind
from association.models import ContactPerson, Obligation
from association.services.contact_gaps import contact_gaps
from association.services.contact_obligations import contacts_confirmation_create
from tests.conftest import client_for
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MEMBER_DUTIES = {"general", "publicity", "complaints"}
#: what seed 002 art. 17 and seed 004 ask of each kind (the test's own reading, not the code's list)
EXPECTED = {
    OrganisationKind.PROPERTY_INSURER: MEMBER_DUTIES | {"disaster"},
    OrganisationKind.LIFE_INSURER: MEMBER_DUTIES,
    OrganisationKind.BROKER: MEMBER_DUTIES,
    OrganisationKind.AGENCY: MEMBER_DUTIES,
    OrganisationKind.LOSS_ADJUSTER: MEMBER_DUTIES,
    OrganisationKind.REGULATOR: {"disaster"},
    OrganisationKind.ASSOCIATION: {"disaster"},
}
MEMBER_KINDS = [k for k in EXPECTED if k not in (OrganisationKind.REGULATOR, OrganisationKind.ASSOCIATION)]


def test_every_kind_has_its_list_from_the_seeds():
    assert {kind: {str(d) for d in duties} for kind, duties in REQUIRED_CONTACT_DUTIES.items()} == EXPECTED


def _fill(org, duties):
    for duty in duties:
        for slot in ("A", "B"):
            ContactFactory(organisation=org, duty=duty, slot=slot)


@pytest.mark.parametrize("kind", MEMBER_KINDS)
def test_the_gap_report_asks_each_kind_for_its_duties(world, kind):
    ContactPerson.objects.all().delete()
    empty = OrganisationFactory(name="空公司", kind=kind)
    complete = OrganisationFactory(name="全公司", kind=kind)
    _fill(complete, EXPECTED[kind])
    gaps = {g["organisation"].pk: {(m["duty"], m["slot"]) for m in g["missing"]} for g in contact_gaps()}
    assert gaps[empty.pk] == {(d, s) for d in EXPECTED[kind] for s in ("A", "B")}
    assert complete.pk not in gaps


def _page_rows(html):
    """duty -> (required, A missing, B missing) as the member page shows them."""
    rows = {}
    for duty, required, body in re.findall(r'<tr id="contact-row-(\w+)" data-required="(\w+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<td>(.*?)</td>", body, re.S)
        rows[duty] = (required == "true", *("contact-missing" in cell for cell in cells))
    return rows


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_the_member_page_marks_missing_only_what_the_kind_must_have(world, client, kind):
    org = OrganisationFactory(name="页面公司", kind=kind)
    ContactFactory(organisation=org, duty=ContactDuty.DATA, slot="A")  # optional, filled: still listed
    html = client_for(client, world.users["staff"]).get(f"/organisations/{org.pk}/").content.decode()
    rows = _page_rows(html)
    assert {d for d, (required, *_) in rows.items() if required} == EXPECTED[kind]
    assert {d for d, (_req, a, b) in rows.items() if a or b} == EXPECTED[kind]  # "missing" only where required
    assert "data" in rows  # a filled optional duty is shown


@pytest.mark.parametrize("kind", MEMBER_KINDS)
def test_the_confirmation_names_the_duties_of_the_kind(world, kind):
    org = OrganisationFactory(name="确认公司", kind=kind)
    contacts_confirmation_create(year=2028)
    ob = Obligation.objects.get(kind=ObligationKind.CONTACTS_CONFIRMATION, organisation=org)
    named = {duty for duty in ContactDuty if str(duty.label) in ob.description}
    assert named == EXPECTED[kind]
