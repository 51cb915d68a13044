import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from association.models import ContactPerson, Organisation
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD, ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_token_auth_round_trip(world, api_client):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "member_a_manager", "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    orgs = api_client.get("/api/v1/organisations/").json()
    assert {o["id"] for o in orgs["results"]} == {world.org_a.pk, world.org_a_branch.pk}


def test_token_wrong_password_is_400_with_message(world, api_client):
    response = api_client.post("/api/v1/auth/token/", {"username": "member_a_manager", "password": "nope"})
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_token_missing_fields(world, api_client):
    response = api_client.post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_organisation_filters(world, client):
    c = client_for(client, world.users["staff"])
    data = c.get("/api/v1/organisations/", {"kind": "regulator"}).json()
    assert {o["name"] for o in data["results"]} == {"测试监管局", "伊犁监管分局", "喀什监管分局"}
    data = c.get("/api/v1/organisations/", {"region_code": "654000", "kind": "property_insurer"}).json()
    assert {o["id"] for o in data["results"]} == {world.org_a_branch.pk, world.org_b.pk}
    data = c.get("/api/v1/organisations/", {"search": "乙财险"}).json()
    assert [o["id"] for o in data["results"]] == [world.org_b.pk]
    data = c.get("/api/v1/organisations/", {"parent": world.org_a.pk}).json()
    assert [o["id"] for o in data["results"]] == [world.org_a_branch.pk]
    bad = c.get("/api/v1/organisations/", {"kind": "spaceship"})
    assert bad.status_code == 400 and "kind" in bad.json()


def test_contact_filters(world, client):
    c = client_for(client, world.users["staff"])
    data = c.get("/api/v1/contacts/", {"organisation": world.org_b.pk, "duty": "disaster"}).json()
    assert [x["id"] for x in data["results"]] == [world.contact_b.pk]


def test_bad_credit_code_is_a_clear_400(world, client):
    c = client_for(client, world.users["staff"])
    response = c.post(
        "/api/v1/organisations/",
        {"name": "丙经纪", "kind": "broker", "tier": "provincial", "credit_code": "91350100M000100Y44"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "check character is 4, expected 3" in response.json()["credit_code"][0]
    assert not Organisation.objects.filter(name="丙经纪").exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "", "kind": "broker", "tier": "provincial", "credit_code": "91350100M000100Y43"},
        {"name": "x", "kind": "nope", "tier": "provincial", "credit_code": "91350100M000100Y43"},
        {
            "name": "x",
            "kind": "broker",
            "tier": "provincial",
            "credit_code": "91350100M000100Y43",
            "joined_on": "2024-13-01",
        },
        {
            "name": "x",
            "kind": "broker",
            "tier": "provincial",
            "credit_code": "91350100M000100Y43",
            "joined_on": "2024-03-01",
            "left_on": "2023-01-01",
        },
        {
            "name": "x",
            "kind": "broker",
            "tier": "provincial",
            "credit_code": "91350100M000100Y43",
            "membership_status": "withdrawn",
        },
        {"name": "x", "kind": "broker", "tier": "provincial", "credit_code": "91350100M000100Y43", "parent": 999999},
        {"name": "x" * 500, "kind": "broker", "tier": "provincial", "credit_code": "91350100M000100Y43"},
        [],
        "not json at all",
    ],
)
def test_bad_organisation_payloads_are_400(world, client, payload):
    c = client_for(client, world.users["staff"])
    before = Organisation.objects.count()
    response = c.post("/api/v1/organisations/", payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert Organisation.objects.count() == before


def test_branch_of_other_kind_and_cycle_rejected(world, client):
    c = client_for(client, world.users["staff"])
    response = c.patch(
        f"/api/v1/organisations/{world.org_a.pk}/", {"parent": world.org_a_branch.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "parent" in response.json()


def test_duplicate_contact_slot_is_400(world, client):
    c = client_for(client, world.users["member_a_manager"])
    response = c.post(
        "/api/v1/contacts/",
        {
            "organisation": world.org_a.pk,
            "duty": "disaster",
            "slot": "A",
            "name": "重复",
            "phone": "13900000000",
            "email": "dup@example.org",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert ContactPerson.objects.filter(organisation=world.org_a, duty="disaster").count() == 1


def test_bad_phone_is_400(world, client):
    c = client_for(client, world.users["member_a_manager"])
    response = c.patch(f"/api/v1/contacts/{world.contact_a.pk}/", {"phone": "12345"}, content_type="application/json")
    assert response.status_code == 400 and "phone" in response.json()


def test_manager_cannot_move_contact_to_foreign_org(world, client):
    c = client_for(client, world.users["member_a_manager"])
    response = c.patch(
        f"/api/v1/contacts/{world.contact_a.pk}/", {"organisation": world.org_b.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    world.contact_a.refresh_from_db()
    assert world.contact_a.organisation_id == world.org_a.pk


@pytest.mark.parametrize(
    ("url", "role"),
    [
        ("/api/v1/organisations/", "staff"),
        ("/api/v1/organisations/", "member_a_manager"),
        ("/api/v1/organisations/", "regulator_x"),
        ("/api/v1/contacts/", "staff"),
        ("/api/v1/contacts/", "member_a_manager"),
        ("/organisations/", "staff"),
    ],
)
def test_list_query_count_is_constant(world, client, url, role):
    c = client_for(client, world.users[role])
    c.get(url)  # warm up session / content types

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(30):
        org = OrganisationFactory(parent=world.org_a if i % 2 else None, region=world.region_x)
        ContactFactory(organisation=org)
        ContactFactory(organisation=world.org_a_branch if i == 0 else org, duty="publicity", slot="B")
    assert count() == small


def test_schema_lists_core_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in ["/api/v1/organisations/", "/api/v1/contacts/", "/api/v1/auth/token/", "/api/v1/regions/"]:
        assert path in schema["paths"]


def test_swagger_ui_is_served_without_cdn(client):
    html = client.get("/api/docs/").content.decode()
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html


def test_deleting_an_organisation_with_branches_is_400(world, client):
    c = client_for(client, world.users["staff"])
    response = c.delete(f"/api/v1/organisations/{world.org_a.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "branches" in str(response.json())
    assert Organisation.objects.filter(pk=world.org_a.pk).exists()


def test_deleting_an_organisation_with_users_is_400(world, client):
    c = client_for(client, world.users["staff"])
    response = c.delete(f"/api/v1/organisations/{world.org_b.pk}/")
    assert response.status_code == 400
    assert Organisation.objects.filter(pk=world.org_b.pk).exists()


def test_token_throttle_ignores_forged_forwarded_for(world, api_client, settings):
    for i in range(25):
        response = api_client.post(
            "/api/v1/auth/token/", {"username": f"nobody{i}", "password": "x"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}"
        )
    assert response.status_code == 429
