import pytest
from django.core.management import call_command

from association.models import ContactPerson, Organisation, User
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("staff", "/staff/"),
        ("member_a_manager", "/overview/"),
        ("member_a_reporter", "/overview/"),
        ("member_b", "/overview/"),
        ("regulator_x", "/overview/"),
        ("regulator_province", "/overview/"),
        ("mediator", "/overview/"),  # their cases and time limits
    ],
)
def test_home_fits_the_role(world, client, role, target):
    response = client_for(client, world.users[role]).get("/")
    assert response.status_code == 302
    assert response["Location"] == target.format(org_a=world.org_a.pk, org_b=world.org_b.pk)


def test_sign_in_through_the_form_lands_on_the_member_home(world, client):
    response = client.post("/accounts/login/", {"login": "member_a_manager", "password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/overview/"
    assert f'href="/organisations/{world.org_a.pk}/"' in response.content.decode()
    page = client.get(f"/organisations/{world.org_a.pk}/").content.decode()
    assert world.org_a.name in page and world.org_a_branch.name in page  # its branch is listed
    assert world.org_b.name not in page


def test_default_language_is_chinese_and_english_is_switchable(world, client):
    c = client_for(client, world.users["member_a_manager"])
    page = c.get(f"/organisations/{world.org_a.pk}/").content.decode()
    assert 'lang="zh-hans"' in page and "退出" in page
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = c.get(f"/organisations/{world.org_a.pk}/").content.decode()
    assert 'lang="en"' in page and "Sign out" in page


def test_login_is_throttled_after_repeated_failures(world, client):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "member_b", "password": "wrong"})
    response = client.post("/accounts/login/", {"login": "member_b", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_token_endpoint_is_throttled_too(world, api_client):
    for _ in range(5):
        api_client.post("/api/v1/auth/token/", {"username": "member_b", "password": "wrong"})
    response = api_client.post("/api/v1/auth/token/", {"username": "member_b", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "token" not in response.json() and response.json()["detail"]


def test_manager_edits_a_contact_in_the_portal(world, client):
    c = client_for(client, world.users["member_a_manager"])
    url = f"/organisations/{world.org_a.pk}/contacts/publicity/A/"
    bad = c.post(url, {"name": "李四", "phone": "123", "email": "not-an-email"})
    assert bad.status_code == 200
    assert not ContactPerson.objects.filter(organisation=world.org_a, duty="publicity").exists()
    page = bad.content.decode()
    assert "invalid-feedback" in page
    good = c.post(url, {"name": "李四", "position": "宣传主管", "phone": "13800001111", "email": "li@example.org"})
    assert good.status_code == 302
    contact = ContactPerson.objects.get(organisation=world.org_a, duty="publicity", slot="A")
    assert contact.name == "李四"


def test_reporter_cannot_edit_contacts(world, client):
    c = client_for(client, world.users["member_a_reporter"])
    page = c.get(f"/organisations/{world.org_a.pk}/").content.decode()
    assert "/contacts/" not in page  # no edit links
    response = c.post(f"/organisations/{world.org_a.pk}/contacts/publicity/A/", {"name": "x"})
    assert response.status_code == 403


def test_unknown_duty_is_404_not_500(world, client):
    c = client_for(client, world.users["member_a_manager"])
    assert c.get(f"/organisations/{world.org_a.pk}/contacts/nonsense/C/").status_code == 404


def test_organisation_list_filters_and_bad_input(world, client):
    c = client_for(client, world.users["staff"])
    page = c.get("/organisations/", {"kind": "regulator"}).content.decode()
    assert "伊犁监管分局" in page and world.org_a.name not in page
    for params in ({"page": "abc"}, {"page": "999"}, {"region": "<script>"}, {"kind": "x" * 1000}):
        assert c.get("/organisations/", params).status_code in (200, 404)


def test_region_overview_counts(world, client):
    c = client_for(client, world.users["regulator_x"])
    response = c.get("/regions/654000/")
    assert response.status_code == 200
    assert response.context["overview"]["total"] == 3  # A's branch, B, and the sub-bureau itself
    assert world.org_a.name not in response.content.decode()  # A's provincial branch is in Urumqi
    assert c.get("/regions/653100/").status_code == 404
    assert c.get("/regions/nope/").status_code == 404


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = (Organisation.objects.count(), User.objects.count(), ContactPerson.objects.count())
    call_command("seed_demo")
    assert counts == (Organisation.objects.count(), User.objects.count(), ContactPerson.objects.count())
    assert Organisation.objects.members().filter(tier="provincial").count() >= 40
    for org in Organisation.objects.all():
        org.full_clean()  # every demo credit code carries a valid check character
    picc = User.objects.get(username="picc.manager")
    assert picc.primary_organisation.short_name == "人保财险"
    assert len(picc.visible_organisation_ids()) == 6  # the provincial branch and its 5 prefecture branches


def test_staff_home_warns_when_next_years_calendar_is_unknown(world, client):
    from association.workdays import official_schedule_known

    page = client_for(client, world.users["staff"]).get("/staff/").content.decode()
    from django.utils import timezone

    year = timezone.localdate().year
    if official_schedule_known(year) and official_schedule_known(year + 1):
        assert 'id="calendar-warning"' not in page
    else:
        assert 'id="calendar-warning"' in page
