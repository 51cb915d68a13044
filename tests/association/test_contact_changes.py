"""Contact changes (seed 002 art. 17, "相关岗位人员如有调整,应当在5个工作日内及时报告").

One rule: a change is reported on time on or before the 5th working day after it took effect, the whole
of that day included; the live path (``contact_change_record``, the obligation the compliance table
counts) and the date function (``is_contact_change_late``) give the same answer. A new person needs the
date the change took effect, entered anew: the portal form asks for it, the service, the API and the
import refuse a change of person without one.
"""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

from association.choices import ObligationKind
from association.deadlines import contact_change_due_at, is_contact_change_late
from association.importing import run_import
from association.models import ContactPerson, Obligation
from association.resources import ContactResource
from association.services.contact_obligations import contact_change_record
from association.services.contacts import contact_update
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BJ = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC
#: took effect Monday 2026-11-23; the 5th working day after it is Monday 2026-11-30
EFFECTIVE = dt.date(2026, 11, 23)
OLD_DATE = dt.date(2020, 1, 6)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def bj(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BJ)


@pytest.mark.parametrize(
    ("reported_at", "late", "why"),
    [
        (bj(2026, 11, 23, 9, 0), False, "the day it took effect"),
        (bj(2026, 11, 30, 9, 0), False, "5th working day, morning"),
        (bj(2026, 11, 30, 17, 30), False, "5th working day, end of office hours"),
        (bj(2026, 11, 30, 17, 31), False, "5th working day after office hours: the whole day counts"),
        (bj(2026, 11, 30, 23, 59, 59), False, "last second of the 5th working day"),
        (bj(2026, 12, 1, 0, 0), True, "first instant of the 6th working day"),
        (dt.datetime(2026, 11, 30, 15, 59, 59, tzinfo=UTC), False, "UTC input: 23:59:59 in Beijing"),
        (dt.datetime(2026, 11, 30, 16, 0, tzinfo=UTC), True, "UTC input: 00:00 on 1 December in Beijing"),
    ],
)
def test_the_live_path_and_the_date_function_agree(world, reported_at, late, why):
    who = world.users["member_a_manager"]
    ob = contact_change_record(contact=world.contact_a, effective_from=EFFECTIVE, actor=who, reported_at=reported_at)
    assert ob.submitted_on_time is (not late), why
    assert is_contact_change_late(EFFECTIVE, reported_at) is late, why
    assert is_contact_change_late(EFFECTIVE, reported_at.astimezone(BJ).date()) is late, why
    # the compliance table counts it on the Beijing day of the 5th working day
    assert ob.due_at.astimezone(BJ).date() == dt.date(2026, 11, 30)
    assert ob.due_at == contact_change_due_at(EFFECTIVE)


def test_the_date_function_refuses_a_naive_time():
    with pytest.raises(ValueError):
        is_contact_change_late(EFFECTIVE, dt.datetime(2026, 11, 30, 12, 0))


# --- a new person needs its effective date ---------------------------------------------------


@pytest.fixture
def contact(world):
    ContactPerson.objects.filter(pk=world.contact_a.pk).update(effective_from=OLD_DATE, position="经理")
    return ContactPerson.objects.get(pk=world.contact_a.pk)


def edit_url(contact):
    return f"/organisations/{contact.organisation_id}/contacts/{contact.duty}/{contact.slot}/"


def test_the_form_does_not_offer_the_old_effective_date(world, client, contact):
    html = client_for(client, world.users["member_a_manager"]).get(edit_url(contact), **EN).content.decode()
    assert contact.name in html and contact.phone in html  # the rest is pre-filled
    assert OLD_DATE.isoformat() not in html.split('name="effective_from"')[1].split(">")[0]


def _changes():
    return Obligation.objects.filter(kind=ObligationKind.CONTACTS_CHANGE).count()


@pytest.mark.parametrize(
    ("changes", "saved", "effective_from", "reports"),
    [
        ({"name": "新联系人"}, False, OLD_DATE, 0),  # new person, no date: asked for
        ({"phone": "13800002222"}, False, OLD_DATE, 0),
        ({"email": "new@example.org"}, False, OLD_DATE, 0),
        ({"name": "新联系人", "effective_from": "2026-11-23"}, True, EFFECTIVE, 1),
        ({"position": "副经理"}, True, OLD_DATE, 0),  # the same person: the date is kept
        ({"position": "副经理", "effective_from": "2026-11-23"}, True, EFFECTIVE, 1),
    ],
)
def test_the_form_asks_for_the_date_a_new_person_took_over(
    world, client, contact, changes, saved, effective_from, reports
):
    form = {"name": contact.name, "position": contact.position, "phone": contact.phone, "email": contact.email}
    response = client_for(client, world.users["member_a_manager"]).post(edit_url(contact), form | changes, **EN)
    contact.refresh_from_db()
    assert (response.status_code == 302) is saved
    if not saved:
        assert "Enter the date the new person took over" in response.content.decode()
        assert contact.name != "新联系人" and contact.phone != "13800002222"
    assert contact.effective_from == effective_from
    assert _changes() == reports


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"phone": "13800002222"}, False),
        ({"name": "新联系人", "effective_from": None}, False),
        ({"email": "new@example.org", "position": "副经理"}, False),
        ({"phone": "13800002222", "effective_from": EFFECTIVE}, True),
        ({"phone": "13800002222", "effective_from": OLD_DATE}, True),  # given with the change (a same-day fix)
        ({"position": "副经理"}, True),
    ],
)
def test_the_service_refuses_a_new_person_without_a_date(world, contact, fields, ok):
    from django.core.exceptions import ValidationError

    manager = world.users["member_a_manager"]
    if ok:
        contact_update(actor=manager, contact=contact, **fields)
    else:
        with pytest.raises(ValidationError) as exc:
            contact_update(actor=manager, contact=contact, **fields)
        assert "effective_from" in exc.value.message_dict
    contact.refresh_from_db()
    assert (contact.phone == "13800002222" or contact.name == "新联系人" or contact.position == "副经理") is ok


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"phone": "13800002222"}, 400),
        ({"phone": "13800002222", "effective_from": None}, 400),
        ({"phone": "13800002222", "effective_from": "2026-11-23"}, 200),
        ({"position": "副经理"}, 200),
    ],
)
def test_the_api_refuses_a_new_person_without_a_date(world, client, contact, body, status):
    c = client_for(client, world.users["member_a_manager"])
    response = c.patch(f"/api/v1/contacts/{contact.pk}/", body, content_type="application/json")
    assert response.status_code == status, response.content
    if status == 400:
        assert "effective_from" in response.json()
    assert _changes() == (1 if body.get("effective_from") else 0)


def _contact_file(contact, **over) -> bytes:
    row = {
        "organisation_credit_code": contact.organisation.credit_code,
        "duty": contact.duty,
        "slot": contact.slot,
        "name": contact.name,
        "position": contact.position,
        "phone": contact.phone,
        "email": contact.email,
        "effective_from": "",
    } | over
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(row))
    writer.writerow(list(row.values()))
    return out.getvalue().encode()


@pytest.mark.parametrize(
    ("over", "ok", "effective_from"),
    [
        ({"name": "新联系人"}, False, OLD_DATE),  # a new person with an empty date cell
        ({"name": "新联系人", "effective_from": "2026-11-23"}, True, EFFECTIVE),
        ({"position": "副经理"}, True, OLD_DATE),  # the same person, empty date cell: the date is kept
    ],
)
def test_the_import_refuses_a_new_person_without_a_date(world, contact, over, ok, effective_from):
    report = run_import(ContactResource(actor=world.users["staff"]), _contact_file(contact, **over), "c.csv")
    assert report.committed is ok, [(p.line, p.column, p.message) for p in report.problems]
    if not ok:
        assert [(p.line, p.column) for p in report.problems] == [(2, "effective_from")]
    contact.refresh_from_db()
    assert contact.effective_from == effective_from
