import datetime as dt

import pytest

from mediation.models import Case, CaseDataAccessLog
from tests.conftest import client_for
from tests.mediation.helpers import ID_A, assigned_case, make_case, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _api(client, world, role):
    return client_for(client, world.users[role])


@pytest.mark.parametrize(
    ("role", "id_number"),
    [
        ("staff", "6501**********1239"),
        ("mediator", "6501**********1239"),
        ("regulator_x", "6501**********1239"),
        ("member_a_manager", None),  # member companies never get the ID number
    ],
)
def test_lists_and_details_are_masked(world, client, role, id_number):
    case = assigned_case(world)
    c = _api(client, world, role)
    row = c.get("/api/v1/mediation/cases/").json()["results"][0]
    detail = c.get(f"/api/v1/mediation/cases/{case.pk}/").json()
    for data in (row, detail):
        assert data["consumer_name"] == "张*"
        assert data["consumer_phone"] == "138****1234"
        assert data["consumer_id_number"] == id_number
    assert ID_A not in str(detail) and "13812341234" not in str(detail)


def test_personal_data_is_logged(world, client):
    case = assigned_case(world)
    response = _api(client, world, "mediator").get(f"/api/v1/mediation/cases/{case.pk}/personal-data/")
    assert response.status_code == 200
    assert response.json() == {"consumer_name": "张三", "consumer_id_number": ID_A, "consumer_phone": "13812341234"}
    log = CaseDataAccessLog.objects.get()
    assert (log.user, log.case, log.via) == (world.users["mediator"], case, "api")
    assert set(log.fields) == {"consumer_name", "consumer_id_number", "consumer_phone"}
    assert (
        _api(client, world, "regulator_x").get(f"/api/v1/mediation/cases/{case.pk}/personal-data/").status_code == 403
    )
    assert CaseDataAccessLog.objects.count() == 1


def test_scope(world, client):
    mine = assigned_case(world)
    make_case(world, respondent=world.org_b)
    numbers = {
        role: {r["number"] for r in _api(client, world, role).get("/api/v1/mediation/cases/").json()["results"]}
        for role in ["staff", "mediator", "member_a_reporter", "member_b", "regulator_x", "regulator_y"]
    }
    assert len(numbers["staff"]) == 2
    assert numbers["mediator"] == {mine.number}  # assigned cases only
    assert numbers["member_a_reporter"] == {mine.number}
    assert len(numbers["member_b"]) == 1 and mine.number not in numbers["member_b"]
    assert len(numbers["regulator_x"]) == 2  # both respondents are in region X
    assert numbers["regulator_y"] == set()


def test_create_and_the_whole_workflow_over_the_api(world, client):
    staff = _api(client, world, "staff")
    response = staff.post(
        "/api/v1/mediation/cases/",
        {
            "source": "pre_litigation",
            "court": "乌鲁木齐铁路运输法院",
            "referral_number": "(2026)新7101诉前调1号",
            "referral_date": "2026-03-01",
            "consumer_name": "王五",
            "consumer_id_number": "11010519491231002x",
            "respondent": world.org_a.pk,
            "line": "life",
            "amount_in_dispute": "100000.00",
            "received_on": "2026-03-02",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "TJ-2026-00001" and body["status"] == "received"
    url = f"/api/v1/mediation/cases/{body['id']}/transition/"

    def step(data, status=200):
        r = staff.post(url, data, content_type="application/json")
        assert r.status_code == status, r.json()
        return r.json()

    step({"action": "accept", "date": "2026-03-03"})
    step({"action": "assign", "mediator": world.users["mediator"].pk})
    step({"action": "session", "mode": "video", "date": "2026-03-05"})
    bad = step({"action": "confirm", "ruling_number": "x", "date": "2026-03-06"}, status=400)
    assert "cannot become" in str(bad) or "不能" in str(bad)
    r = staff.post(url, {"action": "succeed", "settlement_amount": "90000", "agreement_file": pdf_file()})
    assert r.status_code == 200, r.json()
    step({"action": "apply_confirmation"})
    done = step({"action": "confirm", "ruling_number": "(2026)新7101民特8号", "date": "2026-04-01"})
    assert done["status"] == "confirmed" and done["ruling_date"] == "2026-04-01" and len(done["sessions"]) == 1


def test_invalid_id_number_is_a_400(world, client):
    response = _api(client, world, "staff").post(
        "/api/v1/mediation/cases/",
        {
            "source": "complaint",
            "channel": "online",
            "consumer_name": "王五",
            "consumer_id_number": "110105194912310021",
            "respondent": world.org_a.pk,
            "line": "life",
            "amount_in_dispute": "1.00",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "consumer_id_number" in response.json()


def test_statistics_endpoint(world, client):
    make_case(world, received_on=dt.date(2026, 3, 2))
    make_case(world, received_on=dt.date(2025, 3, 2), source="pre_litigation")
    url = "/api/v1/mediation/statistics/?date_from=2026-01-01&date_to=2026-12-31"
    data = _api(client, world, "staff").get(url).json()
    complaint = data["by_source"][1]
    assert complaint["source"] == "complaint" and complaint["received"] == 1
    assert data["total"]["amount_involved"] == 12000.0 and data["previous_from"] == "2025-01-01"
    assert set(data["breakdowns"]) == {"company", "line", "region", "mediator"}
    assert _api(client, world, "regulator_y").get(url).json()["total"]["received"] == 0
    bad = _api(client, world, "staff").get("/api/v1/mediation/statistics/?date_from=2026-13-01")
    assert bad.status_code == 400


def test_list_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    for _ in range(3):
        assigned_case(world)
    c = _api(client, world, "staff")
    c.get("/api/v1/mediation/cases/")  # warm caches (content types, sessions)
    with django_assert_max_num_queries(8) as small:
        c.get("/api/v1/mediation/cases/")
    Case.objects.bulk_create(
        [
            Case(
                number=f"X-{i}",
                source="complaint",
                channel="online",
                consumer_name="赵六",
                respondent=world.org_b,
                line="auto",
                mediator=world.users["mediator"],
            )
            for i in range(40)
        ]
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        c.get("/api/v1/mediation/cases/")
