"""A company manager manages its own people: role changes and deactivation (sessions ended, tokens revoked)."""

import pytest
from allauth.usersessions.models import UserSession
from rest_framework.authtoken.models import Token

from accounts.models import AccountEvent, EventKind, PersonalToken
from accounts.services.tokens import token_create
from association.models import Membership
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _reporter(w):
    return Membership.objects.get(user=w.users["member_a_reporter"])


def test_manager_changes_a_colleagues_role(world, client):
    c = client_for(client, world.users["member_a_manager"])
    assert c.post(f"/people/memberships/{_reporter(world).pk}/role/", {"role": "member_manager"}).status_code == 302
    assert _reporter(world).role == "member_manager"
    assert AccountEvent.objects.filter(kind=EventKind.ROLE_CHANGED, user=world.users["member_a_reporter"]).exists()
    c.post(f"/people/memberships/{_reporter(world).pk}/role/", {"role": "staff"})
    assert _reporter(world).role == "member_manager"  # never a staff or regulator role


def test_manager_deactivates_a_colleague_who_is_signed_out_everywhere(world, client):
    reporter = world.users["member_a_reporter"]
    other = client.__class__()
    other.post("/accounts/login/", {"login": reporter.username, "password": "x"})  # a failed try: no session
    from tests.factories import TEST_PASSWORD

    assert other.post("/accounts/login/", {"login": reporter.username, "password": TEST_PASSWORD}).status_code == 302
    assert UserSession.objects.filter(user=reporter).count() == 1
    Token.objects.create(user=reporter)
    token_create(actor=reporter, name="ERP")
    c = client_for(client, world.users["member_a_manager"])
    assert c.post(f"/people/memberships/{_reporter(world).pk}/deactivate/").status_code == 302
    reporter.refresh_from_db()
    assert not reporter.is_active and not _reporter(world).is_active  # kept, inactive: history stays
    assert UserSession.objects.filter(user=reporter).count() == 0
    assert other.get("/overview/").status_code == 302  # that browser is signed out
    assert not Token.objects.filter(user=reporter).exists()
    assert PersonalToken.objects.get(user=reporter).revoked_at is not None
    assert AccountEvent.objects.filter(kind=EventKind.DEACTIVATED, user=reporter).exists()


def test_other_companies_people_answer_404(world, client):
    c = client_for(client, world.users["member_b"])
    assert c.post(f"/people/memberships/{_reporter(world).pk}/deactivate/").status_code == 404
    assert c.post("/people/memberships/999999/deactivate/").status_code == 404
    assert _reporter(world).is_active
    c = client_for(client, world.users["member_a_reporter"])  # a reporter manages nobody
    assert c.get("/people/").status_code == 404
    staff_membership = Membership.objects.get(user=world.users["staff"])
    c = client_for(client, world.users["member_a_manager"])
    assert c.post(f"/people/memberships/{staff_membership.pk}/deactivate/").status_code == 404
