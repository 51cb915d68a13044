"""Invitations: staff onboard people in bulk or one by one, a company manager invites its colleagues.

An invitation carries the person's organisation and role; its link (a random token, stored as a hash)
works once and expires after ``INVITATION_DAYS``. Accepting it creates the account with the password the
person sets, and the membership. The e-mail goes through the outbox, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import EventKind, Invitation
from accounts.services.audit import account_event_record
from association.audit import acting
from association.choices import MEMBER_ROLES, ROLE_ORGANISATION_KINDS, Role
from association.models import Membership, Organisation, OutboundEmail, User
from association.permissions import grantable_roles


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str, base_url: str = "") -> str:
    return f"{base_url or settings.PORTAL_BASE_URL}{reverse('invitation-accept', args=[token])}"


def roles_invitable_by(actor) -> list[str]:
    """Staff invite any role up to their own (an administrator: every role); a company manager invites managers
    and reporters only."""
    if actor is not None and actor.is_association_staff:
        return grantable_roles(actor)
    if actor is not None and actor.has_role(Role.MEMBER_MANAGER):
        return list(MEMBER_ROLES)
    return []


def may_invite(actor, organisation: Organisation, role: str) -> bool:
    if role not in roles_invitable_by(actor):
        return False
    return actor.is_association_staff or actor.may_manage(organisation.pk)


def _check(actor, *, name: str, email: str, mobile: str, organisation: Organisation, role: str) -> dict:
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Enter the person's name.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    mobile = (mobile or "").strip()
    if mobile and not (mobile.isascii() and mobile.isdigit() and len(mobile) == 11 and mobile.startswith("1")):
        errors["mobile"] = _("Enter an 11-digit mainland mobile number.")
    if role not in Role.values:
        errors["role"] = _("Unknown role.")
    elif organisation is not None and organisation.kind not in ROLE_ORGANISATION_KINDS.get(role, ()):
        errors["role"] = _("This role does not fit this kind of organisation.")
    if not errors.get("email"):
        email_lower = email.strip().lower()
        if User.objects.filter(email__iexact=email_lower, is_active=True).exists():
            errors["email"] = _("Somebody already has an account with this e-mail address.")
        elif Invitation.objects.filter(
            email__iexact=email_lower, accepted_at__isnull=True, revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).exists():  # fmt: skip
            errors["email"] = _("This address already has an invitation waiting.")
    return errors


def _email(invitation: Invitation, token: str) -> None:
    days = settings.INVITATION_DAYS
    body = _(
        "%(name)s,\n\n%(inviter)s invites you to the portal of %(portal)s as %(role)s of %(organisation)s.\n\n"
        "Open this link to set your password (it works once, for %(days)s days):\n%(link)s\n\n"
        "Your user name will be your e-mail address, %(email)s."
    ) % {
        "name": invitation.name,
        "inviter": invitation.invited_by or settings.PORTAL_NAME,
        "portal": settings.PORTAL_NAME,
        "role": Role(invitation.role).label,
        "organisation": invitation.organisation.name,
        "days": days,
        "link": invitation_link(token),
        "email": invitation.email,
    }
    OutboundEmail.objects.create(
        to=[invitation.email], subject=_("Your invitation to %(portal)s") % {"portal": settings.PORTAL_NAME},
        body=body,
    )  # fmt: skip


@acting
@transaction.atomic
def invitation_create(
    *, actor, name: str, email: str, organisation: Organisation, role: str, mobile: str = "", request=None
) -> tuple[Invitation, str]:
    """Invite one person; returns the invitation and its token (for the e-mail only: it is stored hashed)."""
    if organisation is None or not may_invite(actor, organisation, role):
        raise PermissionDenied(_("You may not invite people into this organisation or role."))
    errors = _check(actor, name=name, email=email, mobile=mobile, organisation=organisation, role=role)
    if errors:
        raise ValidationError(errors)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        name=name.strip(),
        email=email.strip().lower(),
        mobile=(mobile or "").strip(),
        organisation=organisation,
        role=role,
        token_hash=_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS),
    )
    _email(invitation, token)
    account_event_record(
        kind=EventKind.INVITED, username=invitation.email, actor=actor, request=request,
        detail=f"{invitation.organisation.name} · {Role(role).label}",
    )  # fmt: skip
    return invitation, token


def _manageable(actor, invitation: Invitation) -> None:
    if not (actor.is_association_staff or actor.may_manage(invitation.organisation_id)):
        raise PermissionDenied(_("You may not manage this invitation."))


@acting
@transaction.atomic
def invitation_resend(*, actor, invitation: Invitation, request=None) -> tuple[Invitation, str]:
    """A new link (the old one stops working) valid for ``INVITATION_DAYS`` from now."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _manageable(actor, invitation)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation has been accepted or revoked."))
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.expires_at = timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS)
    invitation.sent_count += 1
    invitation.save(update_fields=["token_hash", "expires_at", "sent_count"])
    _email(invitation, token)
    account_event_record(kind=EventKind.INVITED, username=invitation.email, actor=actor, request=request,
                         detail=_("sent again"))  # fmt: skip
    return invitation, token


@acting
@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation, request=None) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _manageable(actor, invitation)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        account_event_record(kind=EventKind.INVITATION_REVOKED, username=invitation.email, actor=actor,
                             request=request)  # fmt: skip
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link opens, if it still works (not accepted, revoked or expired)."""
    invitation = Invitation.objects.filter(token_hash=_hash(token or "")).select_related("organisation").first()
    if invitation is None or invitation.accepted_at or invitation.revoked_at or invitation.expires_at <= timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, request=None) -> User:
    """Create the account (user name: the e-mail address) with the password the person chose, and the
    membership the invitation names. The link then stops working."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation link has expired or has already been used."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation link has expired or has already been used."))
    user = User(username=invitation.email, email=invitation.email, display_name=invitation.name,
                phone=invitation.mobile)  # fmt: skip
    validate_password(password, user)
    if User.objects.filter(username__iexact=invitation.email).exists():
        raise ValidationError(_("Somebody already has an account with this e-mail address."))
    from association.audit import history_context

    with history_context(actor_id=invitation.invited_by_id):
        user.set_password(password)
        user.save()
        membership = Membership(user=user, organisation=invitation.organisation, role=invitation.role)
        membership.full_clean()
        membership.save()
        invitation.accepted_at, invitation.user = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "user"])
    account_event_record(kind=EventKind.INVITATION_ACCEPTED, user=user, request=request,
                         detail=f"{invitation.organisation.name} · {Role(invitation.role).label}")  # fmt: skip
    return user
