"""The configuration of bodies, terms and seats in the admin: through the services (the history names the
staff member), refusals shown on the form, the rule-bearing fields read-only, Chinese labels."""

import pghistory.models
import pytest
from django.utils import translation

from governance.choices import Position, TermStatus
from governance.models import Body, Seat, Term
from tests.conftest import client_for
from tests.governance.helpers import make_council

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "committee",
    "name": "车险自律专业委员会",
    "short_name": "车险委",
    "description": "",
    "quorum_num": "2",
    "quorum_den": "3",
    "pass_num": "1",
    "pass_den": "2",
    "is_active": "on",
    "order": "100",
}


def _formset(prefix, rows=(), initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{k}": v for k, v in row.items()}
    return data


def test_a_body_and_its_first_term_with_seats_are_configured_in_the_admin(world, client):
    staff = world.users["staff"]
    c = client_for(client, staff)
    response = c.post("/admin/governance/body/add/", BODY | _formset("terms"))
    assert response.status_code == 302, response.content.decode()[:3000]
    body = Body.objects.get()
    event = pghistory.models.Events.objects.tracks(body).get(pgh_label="insert")
    assert event.pgh_context["user"] == staff.pk

    seat = {"organisation": str(world.org_a_branch.pk), "position": Position.CHAIR, "representative": "张三",
            "representative_title": "总经理", "joined_on": "2024-03-01", "left_on": ""}  # fmt: skip
    term = {"body": str(body.pk), "number": "3", "starts_on": "2024-03-01", "note": ""}
    response = c.post("/admin/governance/term/add/", term | _formset("seats", [seat]))
    assert response.status_code == 302, response.content.decode()[:3000]
    term = Term.objects.get()
    assert term.status == TermStatus.OPEN and term.label == "第三届"
    assert Seat.objects.get().representative == "张三"

    # the representative changes; the organisation of a seat stays (its field is disabled)
    seat_row = Seat.objects.get()
    changed = seat | {"id": str(seat_row.pk), "term": str(term.pk), "organisation": str(world.org_b.pk),
                      "representative": "李四"}  # fmt: skip
    response = c.post(
        f"/admin/governance/term/{term.pk}/change/",
        {"starts_on": "2024-03-01", "note": "换届选举产生"} | _formset("seats", [changed], 1),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    seat_row.refresh_from_db()
    assert (seat_row.representative, seat_row.organisation_id) == ("李四", world.org_a_branch.pk)
    term.refresh_from_db()
    assert term.note == "换届选举产生"


def test_a_second_open_term_is_refused_on_the_form(world, client):
    body = make_council(world)
    c = client_for(client, world.users["staff"])
    response = c.post(
        "/admin/governance/term/add/",
        {"body": str(body.pk), "number": "8", "starts_on": "2026-01-01", "note": ""} | _formset("seats"),
    )
    assert response.status_code == 200
    assert "hold a re-election instead" in response.content.decode() or "换届" in response.content.decode()
    assert Term.objects.filter(body=body).count() == 1


def test_a_bad_voting_rule_is_refused(world, client):
    c = client_for(client, world.users["staff"])
    response = c.post("/admin/governance/body/add/", BODY | {"pass_num": "2", "pass_den": "2"} | _formset("terms"))
    assert response.status_code == 200 and not Body.objects.exists()


def test_the_admin_is_in_chinese(world, client):
    make_council(world)
    term = Term.objects.get()
    c = client_for(client, world.users["staff"])
    with translation.override("zh-hans"):
        html = c.get(f"/admin/governance/term/{term.pk}/change/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        body_list = c.get("/admin/governance/body/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for label in ["届次", "席位"]:
        assert label in html, label
    assert "机构" in body_list or "理事会" in body_list
    for english in ["Term number", "Representative", "Seats", "Takes decisions by vote"]:
        assert english not in html and english not in body_list, english
