"""Point 4: association staff do the daily work; the administrator role (few people) manages users, roles,
permissions and settings. Staff cannot grant a role above their own, make anyone a superuser, change another
account, read API tokens or use DRF's token admin."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import Token

from association.choices import Role
from association.services.memberships import membership_create, membership_update
from association.services.users import user_create, user_update
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(world):
    user = UserFactory(username="administrator", is_staff=True)
    MembershipFactory(user=user, organisation=world.association, role=Role.ADMINISTRATOR)
    return user


def test_roles(world, administrator):
    staff = world.users["staff"]
    assert administrator.is_administrator and administrator.is_association_staff
    assert not staff.is_administrator and staff.is_association_staff
    assert UserFactory(is_superuser=True).is_administrator


def test_staff_cannot_make_anyone_superuser_or_administrator(world, administrator):
    staff = world.users["staff"]
    with pytest.raises(PermissionDenied):
        user_update(user=staff, actor=staff, is_superuser=True)
    with pytest.raises(PermissionDenied):
        user_create(actor=staff, username="x", is_superuser=True)
    with pytest.raises(PermissionDenied):
        membership_create(actor=staff, user=world.users["mediator"], organisation=world.association,
                          role=Role.ADMINISTRATOR)  # fmt: skip
    membership = world.users["mediator"].memberships.get()
    with pytest.raises(PermissionDenied):
        membership_update(membership=membership, actor=staff, role=Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):  # nor touch an administrator's account or memberships
        user_update(user=administrator, actor=staff, email="x@example.org")
    with pytest.raises(PermissionDenied):
        membership_update(membership=administrator.memberships.get(), actor=staff, is_active=False)
    # the administrator may
    user_update(user=world.users["mediator"], actor=administrator, is_superuser=True)
    membership_create(actor=administrator, user=world.users["mediator"], organisation=world.association,
                      role=Role.ADMINISTRATOR)  # fmt: skip


def test_staff_may_grant_roles_up_to_their_own(world):
    user = UserFactory(username="new.mediator")
    membership_create(actor=world.users["staff"], user=user, organisation=world.association, role=Role.MEDIATOR)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/association/user/add/",
        "/admin/auth/group/",
        "/admin/django_celery_beat/periodictask/",
        "/admin/authtoken/tokenproxy/",
    ],
)
def test_the_admin_pages_of_users_permissions_settings_and_tokens_are_the_administrators(
    client, world, administrator, url
):
    assert client_for(client, world.users["staff"]).get(url).status_code in (403, 404)
    expected = 404 if "authtoken" in url else 200  # DRF's token admin is not exposed at all
    assert client_for(client, administrator).get(url).status_code == expected


def test_staff_cannot_change_another_accounts_password_or_read_tokens(client, world, administrator):
    Token.objects.create(user=world.users["member_a_manager"])
    c = client_for(client, world.users["staff"])
    target = world.users["member_a_manager"]
    assert c.get(f"/admin/association/user/{target.pk}/password/").status_code in (403, 404)
    # staff look accounts up (read-only: they pick people for memberships), never change them
    change = c.get(f"/admin/association/user/{target.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in change and 'name="email"' not in change
    response = c.post(f"/admin/association/user/{target.pk}/change/", {"username": target.username})
    assert response.status_code == 403
    index = c.get("/admin/").content.decode()
    assert "/admin/authtoken/" not in index and "/admin/association/user/add/" not in index
    # the daily work stays
    assert c.get("/admin/association/organisation/").status_code == 200
    assert c.get("/admin/mediation/case/").status_code == 200


def test_the_accounts_pages_give_no_role_above_the_givers(world, administrator):
    from accounts.services.invitations import roles_invitable_by
    from accounts.services.people import may_manage_membership

    assert Role.ADMINISTRATOR not in roles_invitable_by(world.users["staff"])
    assert Role.STAFF in roles_invitable_by(world.users["staff"])
    assert Role.ADMINISTRATOR in roles_invitable_by(administrator)
    assert not may_manage_membership(world.users["staff"], administrator.memberships.get())
    assert may_manage_membership(administrator, world.users["staff"].memberships.get())
