import datetime as dt

import pytest

from disasters.choices import Grade
from disasters.models import LossReport
from disasters.services.loss_reports import loss_report_submit
from disasters.services.responses import response_open
from tests.conftest import client_for
from tests.disasters.helpers import FIGURES, KNOWN, make_event

pytestmark = pytest.mark.django_db

URL = "/api/v1/disasters/events/"


def payload(org, **kw):
    data = {k: str(v) for k, v in FIGURES.items()}
    data.update(organisation=org.pk, **kw)
    return data


def test_detail_has_grade_rule_response_and_totals(world, client):
    event = make_event(world)
    response_open(event=event, actor=world.users["regulator_x"], level=Grade.III, now=KNOWN)
    loss_report_submit(
        event=event, organisation=world.org_a_branch, actor=world.users["member_a_manager"], now=KNOWN, **FIGURES
    )
    body = client_for(client, world.users["regulator_x"]).get(f"{URL}{event.pk}/").json()
    assert body["computed_grade"] == "III" and body["grade_criterion"] == "property_loss"
    assert body["grading_rule"]["effective_from"] == "2023-01-01"
    assert body["response"]["level"] == "III" and body["response"]["leading_office"] == "sub_bureau"
    assert body["totals"]["estimated_loss"] == "100000.00" and body["totals"]["companies"] == 1


def test_member_posts_its_own_report(world, client):
    event = make_event(world, organisations=[world.org_a_branch, world.org_b])
    c = client_for(client, world.users["member_a_reporter"])
    r = c.post(f"{URL}{event.pk}/loss-reports/", payload(world.org_a_branch), content_type="application/json")
    assert r.status_code == 201, r.content
    assert LossReport.objects.get().source == "api"
    r = c.post(f"{URL}{event.pk}/loss-reports/", payload(world.org_b), content_type="application/json")
    assert r.status_code == 400 and "organisation" in r.json()
    mine = c.get(f"{URL}{event.pk}/loss-reports/").json()["results"]
    assert [x["organisation"] for x in mine] == [world.org_a_branch.pk]


def test_unaffected_company_gets_404(world, client):
    event = make_event(world)
    c = client_for(client, world.users["member_b"])
    r = c.post(f"{URL}{event.pk}/loss-reports/", payload(world.org_b), content_type="application/json")
    assert r.status_code == 404


def test_decrease_is_a_400_naming_the_field(world, client):
    event = make_event(world)
    loss_report_submit(
        event=event, organisation=world.org_a_branch, actor=world.users["member_a_manager"],
        now=KNOWN, report_date=KNOWN.date(), **FIGURES,
    )  # fmt: skip
    c = client_for(client, world.users["member_a_manager"])
    r = c.post(
        f"{URL}{event.pk}/loss-reports/",
        payload(world.org_a_branch, policies_affected=4, report_date=(KNOWN.date() + dt.timedelta(days=1)).isoformat()),
        content_type="application/json",
    )
    assert r.status_code == 400 and list(r.json()) == ["policies_affected"]
    assert "6" in r.json()["policies_affected"][0]


def test_filters(world, client):
    make_event(world, title="洪水")
    make_event(world, title="地震", hazard="earthquake", est_property_loss=0)
    c = client_for(client, world.users["staff"])
    assert [e["title"] for e in c.get(URL, {"hazard": "earthquake"}).json()["results"]] == ["地震"]
    assert [e["title"] for e in c.get(URL, {"grade": "III"}).json()["results"]] == ["洪水"]
    assert c.get(URL, {"active": "true"}).json()["count"] == 0
    assert c.get(URL, {"region_code": "653100"}).json()["count"] == 0


def test_list_and_summary_query_counts_are_constant(world, client, django_assert_max_num_queries):
    from tests.factories import OrganisationFactory

    orgs = [OrganisationFactory(region=world.region_x) for _ in range(6)]
    event = make_event(world, organisations=orgs)
    response_open(event=event, actor=world.users["staff"], level=Grade.II, now=KNOWN)
    for i, org in enumerate(orgs):
        loss_report_submit(event=event, organisation=org, actor=world.users["staff"], now=KNOWN, **FIGURES)
        if i < 3:
            make_event(world, organisations=[org])
    c = client_for(client, world.users["staff"])
    with django_assert_max_num_queries(12):
        assert c.get(URL).json()["count"] == 4
    with django_assert_max_num_queries(12):
        body = c.get(f"{URL}{event.pk}/summary/", {"date": KNOWN.date().isoformat()}).json()
    assert len(body["companies"]) == 6 and body["totals"]["estimated_loss"] == "600000.00"


def test_schema_is_valid(client):
    assert client.get("/api/schema/").status_code == 200


def test_a_member_sees_totals_of_its_own_reports_only(world, client):
    event = make_event(world, organisations=[world.org_a_branch, world.org_b])
    for org, user in ((world.org_a_branch, "member_a_manager"), (world.org_b, "member_b")):
        loss_report_submit(event=event, organisation=org, actor=world.users[user], now=KNOWN, **FIGURES)
    mine = client_for(client, world.users["member_b"]).get(f"{URL}{event.pk}/").json()["totals"]
    assert mine["companies"] == 1 and mine["estimated_loss"] == "100000.00"
    everyone = client_for(client, world.users["staff"]).get(f"{URL}{event.pk}/").json()["totals"]
    assert everyone["companies"] == 2 and everyone["estimated_loss"] == "200000.00"
