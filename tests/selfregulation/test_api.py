import datetime as dt

import pytest

from selfregulation.models import MonthlyReturn
from tests.selfregulation.helpers import FIGURES, checklist, make_finding, make_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _as(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_inspections_scoped_and_created_by_staff(world, api_client):
    mine = make_inspection(world)
    theirs = make_inspection(world, orgs=[world.org_b], title="乙公司检查")
    rows = _as(api_client, world.users["member_a_reporter"]).get("/api/v1/selfregulation/inspections/").json()
    assert [r["id"] for r in rows["results"]] == [mine.pk]
    detail = api_client.get(f"/api/v1/selfregulation/inspections/{mine.pk}/").json()
    assert detail["targets"][0]["organisation"] == world.org_a_branch.pk
    assert api_client.get(f"/api/v1/selfregulation/inspections/{theirs.pk}/").status_code == 404
    payload = {
        "title": "API 检查",
        "kind": "recheck",
        "line": "life",
        "checklist": checklist().pk,
        "planned_start": "2026-05-01",
        "planned_end": "2026-04-01",
        "organisations": [world.org_b.pk],
    }
    staff = _as(api_client, world.users["staff"])
    assert staff.post("/api/v1/selfregulation/inspections/", payload, format="json").status_code == 400
    payload["kind"] = "on_site"
    response = staff.post("/api/v1/selfregulation/inspections/", payload, format="json")
    assert response.status_code == 400 and "planned_end" in response.json()  # end before start
    payload["planned_end"] = "2026-05-10"
    response = staff.post("/api/v1/selfregulation/inspections/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["targets"][0]["organisation"] == world.org_b.pk


def test_findings_show_repeats_and_filter(world, api_client):
    first = make_finding(world, rectify=False)
    later = make_inspection(world, planned_start=dt.date(2027, 3, 1), planned_end=dt.date(2027, 3, 2))
    again = make_finding(world, later, rectify=False, found_on=dt.date(2027, 3, 1))
    client = _as(api_client, world.users["regulator_x"])
    rows = {r["id"]: r["repeat_count"] for r in client.get("/api/v1/selfregulation/findings/").json()["results"]}
    assert rows == {first.pk: 0, again.pk: 1}
    rows = client.get("/api/v1/selfregulation/findings/?repeat=true").json()["results"]
    assert [r["id"] for r in rows] == [again.pk]
    assert _as(api_client, world.users["member_b"]).get("/api/v1/selfregulation/findings/").json()["count"] == 0


def test_rectification_submit_and_review(world, api_client):
    finding = make_finding(world)
    url = f"/api/v1/selfregulation/rectifications/{finding.rectification.pk}/"
    member = _as(api_client, world.users["member_a_reporter"])
    assert member.post(url + "submit/", {"text": ""}, format="json").status_code == 400
    response = member.post(url + "submit/", {"text": "已完成整改"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert member.post(url + "review/", {"decision": "accept"}, format="json").status_code == 403
    staff = _as(api_client, world.users["staff"])
    response = staff.post(url + "review/", {"decision": "return"}, format="json")
    assert response.status_code == 400  # a comment is needed to return
    response = staff.post(url + "review/", {"decision": "accept"}, format="json")
    assert response.json()["status"] == "accepted"


def test_returns_by_api(world, api_client):
    member = _as(api_client, world.users["member_a_manager"])
    url = "/api/v1/selfregulation/monitoring/returns/"
    payload = {"organisation": world.org_a.pk, "month": "2026-03", **FIGURES}
    response = member.post(url, payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "api" and response.json()["period"] == "2026-03-01"
    response = member.post(url, {**payload, "combined_cost_ratio": "350"}, format="json")
    assert response.status_code == 400 and "combined_cost_ratio" in str(response.json())
    assert member.post(url, {**payload, "month": "2026-13"}, format="json").status_code == 400
    # another company reads exactly like one that does not exist
    foreign = member.post(url, {**payload, "organisation": world.org_b.pk}, format="json")
    missing = member.post(url, {**payload, "organisation": 999_999}, format="json")
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json()["organisation"] == [
        m.replace("999999", str(world.org_b.pk)) for m in missing.json()["organisation"]
    ]
    member.post(url, {**payload, "policies": 9000}, format="json")
    current = member.get(url + "?current=true").json()["results"]
    assert [r["policies"] for r in current] == [9000]
    assert member.get(url).json()["count"] == 2
    assert MonthlyReturn.objects.current().count() == 1


def test_finding_list_query_count_is_constant(world, api_client, django_assert_max_num_queries):
    inspection = make_inspection(world, orgs=[world.org_a_branch, world.org_b])
    for target in inspection.targets.all():
        for code in ("CP-1.1", "CP-2.1", "CP-3.1"):
            make_finding(world, inspection, target=target, item_code=code)
    client = _as(api_client, world.users["staff"])
    for url in [
        "/api/v1/selfregulation/findings/",
        "/api/v1/selfregulation/rectifications/",
        "/api/v1/selfregulation/inspections/",
        "/api/v1/selfregulation/monitoring/returns/",
    ]:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
