"""Point 3: responses that carry personal data send ``Cache-Control: no-store``: the personal-data views, the
case and contact pages and API, exports; so does every other response to a signed-in user (any page may
name a contact). Anonymous public pages may be cached."""

import pytest

from tests.conftest import client_for
from tests.mediation.helpers import assigned_case

pytestmark = pytest.mark.django_db


def _no_store(response):
    assert "no-store" in response.get("Cache-Control", ""), (response.status_code, response.get("Cache-Control"))


def test_personal_data_pages_and_api_are_not_stored(client, world):
    case = assigned_case(world)
    c = client_for(client, world.users["mediator"])
    _no_store(c.post(f"/mediation/cases/{case.pk}/personal-data/"))
    for url in [
        f"/mediation/cases/{case.pk}/",
        f"/api/v1/mediation/cases/{case.pk}/personal-data/",
        f"/api/v1/mediation/cases/{case.pk}/",
        "/api/v1/contacts/",
        f"/organisations/{world.org_a.pk}/",
    ]:
        response = c.get(url)
        assert response.status_code == 200, url
        _no_store(response)


def test_admin_pages_with_personal_data_are_not_stored(client, world):
    case = assigned_case(world)
    c = client_for(client, world.users["staff"])
    response = c.get(f"/admin/mediation/case/{case.pk}/change/")
    assert response.status_code == 200
    _no_store(response)


def test_a_token_client_gets_no_store_too(api_client, world):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.users["member_a_manager"])
    response = api_client.get("/api/v1/contacts/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    _no_store(response)
