from accounts.models import PersonalToken
from accounts.services.invitations import invitation_create
from accounts.services.tokens import token_create
from association.choices import Role
from association.models import Membership


def reporter_membership(w):
    return Membership.objects.get(user=w.users["member_a_reporter"], organisation=w.org_a)


def invitation_in_a(w):
    invitation, _token = invitation_create(
        actor=w.users["staff"], name="王五", email="wang.wu@example.org", organisation=w.org_a,
        role=Role.MEMBER_REPORTER,
    )  # fmt: skip
    return invitation


def invitation_token(w):
    _invitation, token = invitation_create(
        actor=w.users["staff"], name="赵六", email="zhao.liu@example.org", organisation=w.org_a,
        role=Role.MEMBER_REPORTER,
    )  # fmt: skip
    return token


def manager_token(w) -> PersonalToken:
    token, _raw = token_create(actor=w.users["member_a_manager"], name="ERP")
    return token
