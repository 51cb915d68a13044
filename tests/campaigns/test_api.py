"""The campaigns API: routes, scoped contents, writes, errors and constant query counts."""

import io

import pytest
from django.utils import timezone

from campaigns.models import CampaignTemplate
from campaigns.services.campaigns import campaign_create_from_template
from tests.campaigns.helpers import make_alert, make_campaign, png, record
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_alerts_route_is_not_taken_for_a_campaign_id(world, client):
    make_alert(world)
    c = client_for(client, world.users["staff"])
    response = c.get("/api/v1/campaigns/alerts/")
    assert response.status_code == 200 and response.json()["count"] == 1
    assert c.get("/api/v1/campaigns/").json()["count"] == 0


def test_campaign_list_is_scoped(world, client):
    a = make_campaign(world, title="A的活动")
    b = make_campaign(world, participants=[world.org_b], title="B的活动")
    expected = {
        "staff": {a.pk, b.pk},
        "member_a_manager": {a.pk},
        "member_b": {b.pk},
        "regulator_x": {a.pk, b.pk},
        "regulator_y": set(),
        "regulator_province": {a.pk, b.pk},
        "mediator": set(),
    }
    for role, ids in expected.items():
        c = client_for(client, world.users[role])
        assert {r["id"] for r in c.get("/api/v1/campaigns/").json()["results"]} == ids, role


def test_activities_of_a_shared_campaign_are_scoped(world, client):
    campaign = make_campaign(world, participants=[world.org_a_branch, world.org_b])
    record(world, campaign)
    record(world, campaign, user="member_b", organisation=world.org_b)
    url = f"/api/v1/campaigns/{campaign.pk}/activities/"
    orgs = lambda role: {r["organisation"] for r in client_for(client, world.users[role]).get(url).json()["results"]}  # noqa: E731
    assert orgs("staff") == {world.org_a_branch.pk, world.org_b.pk}
    assert orgs("member_a_reporter") == {world.org_a_branch.pk}
    assert orgs("member_b") == {world.org_b.pk}
    ranking = client_for(client, world.users["member_b"]).get(f"/api/v1/campaigns/{campaign.pk}/ranking/").json()
    assert [r["organisation"] for r in ranking] == [world.org_b.pk]
    assert ranking[0]["lines"] and "rank" in ranking[0]


def test_record_activity_with_photo_by_multipart(world, client):
    campaign = make_campaign(world)
    c = client_for(client, world.users["member_a_manager"])
    data = {
        "organisation": world.org_a_branch.pk,
        "kind": "care_home",
        "title": "进养老院",
        "held_on": timezone.localdate().isoformat(),
        "audience": 40,
        "photos": [png()],
    }
    response = c.post(f"/api/v1/campaigns/{campaign.pk}/activities/", data)
    assert response.status_code == 201, response.content
    assert len(response.json()["photos"]) == 1
    photo_url = response.json()["photos"][0]["url"]
    assert c.get(photo_url).status_code == 200
    assert client_for(client, world.users["member_b"]).get(photo_url).status_code == 404


def test_bad_activity_is_a_400_naming_the_field(world, client):
    campaign = make_campaign(world)
    c = client_for(client, world.users["member_a_manager"])
    bad_photo = io.BytesIO(b"not an image")
    bad_photo.name = "x.png"
    response = c.post(
        f"/api/v1/campaigns/{campaign.pk}/activities/",
        {"organisation": world.org_a_branch.pk, "kind": "school", "title": "t", "held_on": "2000-01-01"},
    )
    assert response.status_code == 400 and "held_on" in response.json()
    response = c.post(
        f"/api/v1/campaigns/{campaign.pk}/activities/",
        {"organisation": world.org_b.pk, "kind": "school", "title": "t", "held_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400 and "organisation" in response.json()  # B is not a choice for A
    response = c.post(
        f"/api/v1/campaigns/{campaign.pk}/activities/",
        {
            "organisation": world.org_a_branch.pk,
            "kind": "school",
            "title": "t",
            "held_on": timezone.localdate().isoformat(),
            "photos": [bad_photo],
        },
    )
    assert response.status_code == 400


def test_alert_create_acknowledge_close(world, client, english):
    staff = client_for(client, world.users["staff"])
    response = staff.post(
        "/api/v1/campaigns/alerts/",
        {"organisation": world.org_a_branch.pk, "source": "微博", "summary": "帖子", "severity": "critical"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    alert_id = response.json()["id"]
    assert response.json()["status"] == "notified"
    member = client_for(client, world.users["member_a_reporter"])
    assert member.post(f"/api/v1/campaigns/alerts/{alert_id}/acknowledge/").json()["status"] == "acknowledged"
    staff = client_for(client, world.users["staff"])
    assert (
        staff.post(f"/api/v1/campaigns/alerts/{alert_id}/close/", {}, content_type="application/json").status_code
        == 400
    )
    closed = staff.post(
        f"/api/v1/campaigns/alerts/{alert_id}/close/", {"outcome": "已处理"}, content_type="application/json"
    )
    assert closed.json()["status"] == "closed"
    again = staff.post(f"/api/v1/campaigns/alerts/{alert_id}/close/", {"outcome": "x"}, content_type="application/json")
    assert again.status_code == 400


def _many(world, n):
    template = CampaignTemplate.objects.get(kind="consumer_rights_week")
    for year in range(2001, 2001 + n):
        campaign = campaign_create_from_template(
            actor=world.users["staff"], template=template, year=year, participants=[world.org_a_branch, world.org_b]
        )
    return campaign


@pytest.mark.parametrize("n", [1, 6])
def test_lists_have_constant_query_counts(world, client, django_assert_max_num_queries, n):
    campaign = _many(world, n)
    for i in range(n):
        make_alert(world, severity=["low", "high"][i % 2])
    c = client_for(client, world.users["regulator_x"])
    with django_assert_max_num_queries(8):
        assert c.get("/api/v1/campaigns/").status_code == 200
    with django_assert_max_num_queries(8):
        assert c.get("/api/v1/campaigns/alerts/").status_code == 200
    with django_assert_max_num_queries(9):
        assert c.get(f"/api/v1/campaigns/{campaign.pk}/ranking/").status_code == 200
    with django_assert_max_num_queries(10):
        assert c.get(f"/api/v1/campaigns/{campaign.pk}/activities/").status_code == 200


def test_alert_counts_endpoint_is_scoped(world, client):
    make_alert(world, severity="high")
    make_alert(world, organisation=world.org_b, severity="low")
    rows = client_for(client, world.users["regulator_x"]).get("/api/v1/campaigns/alerts/counts/").json()
    assert {r["organisation"]: (r["high"], r["low"]) for r in rows} == {
        world.org_a_branch.pk: (1, 0),
        world.org_b.pk: (0, 1),
    }
    rows = client_for(client, world.users["member_b"]).get("/api/v1/campaigns/alerts/counts/?severity=low").json()
    assert [(r["organisation"], r["total"]) for r in rows] == [(world.org_b.pk, 1)]
