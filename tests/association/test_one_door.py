"""One door: importers write through the services; another company's object reads like a missing one
in every serializer that takes an organisation."""

import pghistory.models
import pytest

from association.choices import ObligationKind
from association.importing import run_import
from association.models import ContactPerson, Obligation
from association.resources import ContactResource
from tests.association.test_imports import contact_row, csv_bytes
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_imported_contact_change_records_the_change_report(world):
    """A contact imported with another person records the 5-working-day change report, like the
    portal and the API, and the history names the person who imported."""
    staff = world.users["staff"]
    row = contact_row(world.org_a, 7, duty=world.contact_a.duty, slot=world.contact_a.slot)
    report = run_import(ContactResource(actor=staff), csv_bytes([row]), "c.csv")
    assert report.committed, [str(p) for p in report.problems]
    contact = ContactPerson.objects.get(pk=world.contact_a.pk)
    assert contact.name == "王7"
    change = Obligation.objects.get(kind=ObligationKind.CONTACTS_CHANGE, organisation=world.org_a)
    assert change.subject == contact
    event = pghistory.models.Events.objects.tracks(contact).filter(pgh_label="update").get()
    assert event.pgh_context["user"] == staff.pk


def test_a_new_imported_contact_records_its_report_too(world):
    row = contact_row(world.org_b, 8, duty="publicity", slot="B")
    assert run_import(ContactResource(actor=world.users["staff"]), csv_bytes([row]), "c.csv").committed
    assert Obligation.objects.filter(kind=ObligationKind.CONTACTS_CHANGE, organisation=world.org_b).count() == 1


@pytest.mark.parametrize(
    ("url", "payload", "field"),
    [
        ("/api/v1/contacts/", {"duty": "general", "slot": "B", "name": "王", "phone": "13900000000",
                               "email": "w@example.org"}, "organisation"),
        ("/api/v1/selfregulation/monitoring/returns/", {"month": "2025-01", "written_premium": "1",
                                                         "policies": 1, "claims_paid": "1"}, "organisation"),
    ],
)  # fmt: skip
def test_foreign_organisation_reads_like_a_missing_one(world, client, url, payload, field):
    c = client_for(client, world.users["member_a_manager"])
    foreign = c.post(url, {**payload, field: world.org_b.pk}, content_type="application/json")
    missing = c.post(url, {**payload, field: 987_654}, content_type="application/json")
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json()[field] == [m.replace("987654", str(world.org_b.pk)) for m in missing.json()[field]]
