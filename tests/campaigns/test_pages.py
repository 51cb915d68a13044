"""Portal pages: what each role sees, the creation forms, exports, and constant query counts."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from campaigns.models import Campaign, CampaignTemplate, NewsDraft, OpinionAlert
from tests.campaigns.helpers import make_alert, make_campaign, png, record
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_staff_create_from_template_in_one_step(world, client):
    c = client_for(client, world.users["staff"])
    template = CampaignTemplate.objects.get(kind="consumer_rights_week")
    response = c.post(
        "/campaigns/new/",
        {"mode": "template", "template": template.pk, "year": "2027", "participants": [world.org_a_branch.pk]},
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == f"/campaigns/{campaign.pk}/"
    assert campaign.deliverables.count() == 3
    page = client_for(client, world.users["member_a_manager"]).get("/campaigns/").content.decode()
    assert campaign.title in page and 'id="owed"' in page


def test_adhoc_campaign_form_reports_bad_dates(world, client, english):
    c = client_for(client, world.users["staff"])
    response = c.post(
        "/campaigns/new/",
        {
            "mode": "adhoc",
            "kind": "initiative",
            "title": "倡议",
            "starts_on": "2026-05-10",
            "ends_on": "2026-05-01",
            "summary_due": "2026-05-20",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "The campaign ends before it starts." in response.content.decode()
    assert not Campaign.objects.exists()


def test_adhoc_campaign_with_plan_document(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.association.test_attachments import make_pdf

    c = client_for(client, world.users["staff"])
    response = c.post(
        "/campaigns/new/",
        {
            "mode": "adhoc",
            "kind": "initiative",
            "title": "冬季防灾倡议",
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-10",
            "plan_due": "2026-11-28",
            "news_drafts": "on",
            "summary_due": "2026-12-15",
            "participants": [world.org_a_branch.pk, world.org_b.pk],
            "plan_document": SimpleUploadedFile("倡议书.pdf", make_pdf()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get()
    assert campaign.participants.count() == 2 and campaign.deliverables.count() == 3
    assert client_for(client, world.users["member_b"]).get(f"/campaigns/{campaign.pk}/plan/").status_code == 200


def test_member_records_activity_with_photo_in_the_portal(world, client):
    campaign = make_campaign(world)
    c = client_for(client, world.users["member_a_reporter"])
    response = c.post(
        f"/campaigns/{campaign.pk}/activities/new/",
        {
            "organisation": world.org_a_branch.pk,
            "kind": "senior_university",
            "title": "进老年大学",
            "held_on": timezone.localdate().isoformat(),
            "audience": "80",
            "views": "0",
            "coverage_links": "https://news.example.org/1",
            "photos": [png("a.png"), png("b.png")],
        },
    )
    assert response.status_code == 302
    activity = campaign.activities.get()
    assert activity.photos.count() == 2 and activity.links == ["https://news.example.org/1"]
    detail = c.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "进老年大学" in detail and 'id="ranking"' in detail


def test_bad_photo_is_reported_on_the_form(world, client):
    campaign = make_campaign(world)
    c = client_for(client, world.users["member_a_manager"])
    fake = io.BytesIO(b"<html>")
    fake.name = "photo.png"
    response = c.post(
        f"/campaigns/{campaign.pk}/activities/new/",
        {
            "organisation": world.org_a_branch.pk,
            "kind": "school",
            "title": "进校园",
            "held_on": timezone.localdate().isoformat(),
            "audience": "1",
            "views": "0",
            "photos": [fake],
        },
    )
    assert response.status_code == 200 and "text-danger" in response.content.decode()
    assert not campaign.activities.exists()


def test_news_draft_reviewed_by_staff(world, client):
    campaign = make_campaign(world)
    client_for(client, world.users["member_a_manager"]).post(
        f"/campaigns/{campaign.pk}/news/new/",
        {"organisation": world.org_a_branch.pk, "title": "进社区", "body": "正文"},
    )
    draft = NewsDraft.objects.get()
    c = client_for(client, world.users["staff"])
    c.post(f"/campaigns/news/{draft.pk}/review/", {"action": "publish", "outlet": "named", "link": "https://x.org/1"})
    draft.refresh_from_db()
    assert draft.status == "submitted"  # a named outlet needs its name
    c.post(
        f"/campaigns/news/{draft.pk}/review/",
        {"action": "publish", "outlet": "named", "outlet_name": "天山网", "link": "https://x.org/1"},
    )
    draft.refresh_from_db()
    assert draft.status == "published" and draft.outlet_label == "天山网"


def test_dashboard_figures(world, client):
    campaign = make_campaign(world, participants=[world.org_a_branch, world.org_b])
    record(world, campaign, audience=100)
    record(world, campaign, kind="school", audience=50)
    response = client_for(client, world.users["staff"]).get(f"/campaigns/{campaign.pk}/")
    d = response.context["dashboard"]
    assert (d["participants"], d["active_participants"], d["participation_rate"]) == (2, 1, 50)
    assert d["activities"] == 2 and d["audience"] == 150
    assert d["deliverables"]["missing"] == 2  # both plans were due yesterday
    by_kind = {k["kind"]: k["count"] for k in d["by_kind"]}
    assert by_kind["community"] == 1 and by_kind["school"] == 1
    # regulator Y sees the campaign? no: neither participant is in Y
    assert client_for(client, world.users["regulator_y"]).get(f"/campaigns/{campaign.pk}/").status_code == 404
    # member B sees the campaign, its own figures only
    d_b = client_for(client, world.users["member_b"]).get(f"/campaigns/{campaign.pk}/").context["dashboard"]
    assert (d_b["participants"], d_b["activities"]) == (1, 0)


def test_ranking_exports(world, client):
    campaign = make_campaign(world)
    record(world, campaign)
    c = client_for(client, world.users["staff"])
    xlsx = c.get(f"/campaigns/{campaign.pk}/ranking/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert any(world.org_a_branch.name in (row[1] or "") for row in values)
    pdf = c.get(f"/campaigns/{campaign.pk}/ranking/?format=pdf")
    assert pdf.content.startswith(b"%PDF")
    annual = c.get(f"/campaigns/annual/?year={campaign.starts_on.year}&format=pdf")
    assert annual.content.startswith(b"%PDF")
    assert c.get("/campaigns/annual/?year=abc").status_code == 200


def test_alert_pages(world, client):
    c = client_for(client, world.users["staff"])
    response = c.post(
        "/campaigns/alerts/new/",
        {"organisation": world.org_a_branch.pk, "source": "微博", "severity": "high", "summary": "负面"},
    )
    alert = OpinionAlert.objects.get()
    assert response.url == f"/campaigns/alerts/{alert.pk}/"
    page = client_for(client, world.users["member_a_manager"]).get("/campaigns/alerts/").content.decode()
    assert 'id="alert-counts"' in page and world.org_a_branch.name in page
    assert (
        world.org_a_branch.name
        not in client_for(client, world.users["member_b"]).get("/campaigns/alerts/").content.decode()
    )


@pytest.mark.parametrize("n", [1, 5])
def test_pages_have_constant_query_counts(world, client, django_assert_max_num_queries, n):
    campaign = make_campaign(world, participants=[world.org_a_branch, world.org_b])
    for _ in range(n):
        record(world, campaign, photos=[png()])
        make_alert(world)
    c = client_for(client, world.users["staff"])
    with django_assert_max_num_queries(30):
        assert c.get(f"/campaigns/{campaign.pk}/").status_code == 200
    with django_assert_max_num_queries(14):
        assert c.get("/campaigns/").status_code == 200
    with django_assert_max_num_queries(14):
        assert c.get("/campaigns/alerts/").status_code == 200
