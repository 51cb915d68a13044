"""Personal API tokens: made with a name, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import EventKind, PersonalToken
from accounts.services.audit import account_event_record
from association.audit import acting

PREFIX = "pat_"
MAX_TOKENS = 10


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@acting
@transaction.atomic
def token_create(*, actor, name: str, request=None) -> tuple[PersonalToken, str]:
    """A new token for ``actor``; the raw value is returned once and never stored."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError({"name": _("Give the token a name (up to 100 characters), e.g. the system using it.")})
    if PersonalToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_TOKENS:
        raise ValidationError(_("You have %(n)d tokens; revoke one first.") % {"n": MAX_TOKENS})
    raw = PREFIX + secrets.token_urlsafe(32)
    token = PersonalToken.objects.create(user=actor, name=name, prefix=raw[:10], key_hash=token_hash(raw))
    account_event_record(kind=EventKind.TOKEN_CREATED, user=actor, request=request, detail=name)
    return token, raw


@acting
@transaction.atomic
def token_revoke(*, actor, token: PersonalToken, request=None) -> PersonalToken:
    token = PersonalToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk and not actor.is_association_staff:
        raise PermissionDenied(_("This is not your token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        account_event_record(kind=EventKind.TOKEN_REVOKED, user=token.user, actor=actor, request=request,
                             detail=token.name)  # fmt: skip
    return token


def token_user(raw: str):
    """The token's person if the token works (not revoked, person active); marks it used."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = PersonalToken.objects.select_related("user").filter(key_hash=token_hash(raw), revoked_at__isnull=True)
    token = token.first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
