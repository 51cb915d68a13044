"""Demo data for `seed_demo`: with ``DEMO_USERS_SKIP_MFA`` on (``make run`` sets it), the demo's staff,
mediator and regulators may use the portal without setting up two-factor sign-in, so the README's logins
open it; a production deployment leaves it off and everybody privileged sets it up. Two invitations wait."""

from django.conf import settings

from accounts.models import Invitation
from accounts.services.invitations import invitation_create
from accounts.services.profile import demo_skip_mfa
from association.choices import Role
from association.models import Organisation, User

DEMO_DOMAIN = "@demo.example.org"


def mark_demo_users() -> int:
    """With ``DEMO_USERS_SKIP_MFA`` on: the demo's accounts may skip two-factor sign-in (idempotent)."""
    if not getattr(settings, "DEMO_USERS_SKIP_MFA", False):
        return 0
    users = list(User.objects.filter(email__endswith=DEMO_DOMAIN))
    for user in users:
        demo_skip_mfa(user=user)
    return len(users)


def seed_demo() -> None:
    mark_demo_users()
    staff = User.objects.filter(username="staff").first()
    picc = Organisation.objects.filter(short_name="人保财险", tier="provincial").first()
    if staff is None or picc is None or Invitation.objects.exists():
        return
    invitation_create(actor=staff, name="刘晓燕", email="liu.xiaoyan@demo.example.org", mobile="13899120001",
                      organisation=picc, role=Role.MEMBER_REPORTER)  # fmt: skip
    manager = User.objects.filter(username="picc.manager").first()
    if manager is not None:
        invitation_create(actor=manager, name="马建军", email="ma.jianjun@demo.example.org", mobile="13899120002",
                          organisation=picc, role=Role.MEMBER_REPORTER)  # fmt: skip
