"""A person's own account details: name, phone, e-mail, interface language; the account policy flags."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import AccountSettings, EventKind
from accounts.services.audit import account_event_record
from association.audit import acting
from association.models import User


def settings_of(user: User) -> AccountSettings:
    found = AccountSettings.objects.filter(user=user).first()
    return found or AccountSettings(user=user)


@acting
@transaction.atomic
def profile_update(*, actor, display_name: str, phone: str, email: str, language: str, request=None) -> User:
    errors = {}
    display_name, phone, email = (display_name or "").strip(), (phone or "").strip(), (email or "").strip()
    if not display_name or len(display_name) > 100:
        errors["display_name"] = _("Enter your name (up to 100 characters).")
    if phone and not (phone.isascii() and len(phone) <= 20 and all(c.isdigit() or c in "-+ " for c in phone)):
        errors["phone"] = _("Enter a phone number in digits (with - or + if needed).")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose a language from the list.")
    if errors:
        raise ValidationError(errors)
    user = User.objects.select_for_update().get(pk=actor.pk)
    user.display_name, user.phone, user.email = display_name, phone, email
    user.save(update_fields=["display_name", "phone", "email"])
    account = settings_of(user)
    account.language = language
    account.save()
    account_event_record(kind=EventKind.PROFILE_CHANGED, user=user, request=request)
    return user


@transaction.atomic
def password_change_required(*, user: User, required: bool) -> None:
    """Flag (or clear) the forced password change of an account created with a temporary password."""
    account = settings_of(user)
    if account.pk is None and not required:
        return
    account.must_change_password = required
    account.save()


@transaction.atomic
def demo_skip_mfa(*, user: User) -> None:
    """The demo data only (``DEMO_USERS_SKIP_MFA``): this account may use the portal without a second factor."""
    account = settings_of(user)
    account.skip_mfa = True
    account.save()
