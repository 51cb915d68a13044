"""User accounts (what a user may do follows from the memberships, see ``memberships``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from association.audit import acting
from association.models import User

#: what the admin edits on a user; the password changes through ``user_set_password`` only
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "display_name",
    "email",
    "phone",
    "is_active",
    "is_staff",
    "is_superuser",
    "groups",
    "user_permissions",
)
MANY = ("groups", "user_permissions")


def _ensure_staff(actor) -> None:
    if actor is None or not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff manage user accounts."))


#: what only an administrator sets: superuser status, groups and single permissions
ADMINISTRATOR_FIELDS = ("is_superuser", "groups", "user_permissions")


def _ensure_may_change(actor, user: User | None, fields: dict) -> None:
    """Accounts are the administrator's; staff may change a non-administrator's plain fields (not whether it is
    a superuser, its groups or permissions), and no account that holds more than they do."""
    if actor.is_administrator:
        return
    if any(fields.get(name) for name in ADMINISTRATOR_FIELDS if name in fields):
        raise PermissionDenied(_("Only an administrator grants superuser status, groups or permissions."))
    if user is not None and (user.is_administrator or user.role_rank() > actor.role_rank()):
        raise PermissionDenied(_("Only an administrator changes this account."))


def _check(fields: dict) -> None:
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"unknown user fields: {sorted(unknown)}")


def _set_many(user: User, fields: dict) -> None:
    for name in MANY:
        if name in fields:
            getattr(user, name).set(fields[name])


@acting
@transaction.atomic
def user_create(*, actor, username: str, password: str | None = None, **fields) -> User:
    """An account; without a password it cannot sign in until one is set."""
    _ensure_staff(actor)
    _check(fields)
    _ensure_may_change(actor, None, fields)
    plain = {n: v for n, v in fields.items() if n not in MANY}
    user = User(username=username, **plain)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    _set_many(user, fields)
    return user


@acting
@transaction.atomic
def user_update(*, user: User, actor, **fields) -> User:
    _ensure_staff(actor)
    _check(fields)
    _ensure_may_change(actor, user, fields)
    plain = {n: v for n, v in fields.items() if n not in MANY}
    if user.pk == actor.pk and plain.get("is_active") is False:
        raise ValidationError(_("You cannot deactivate your own account."))
    for name, value in plain.items():
        setattr(user, name, value)
    if plain:
        user.full_clean()
        user.save(update_fields=list(plain))
    _set_many(user, fields)
    return user


@acting
@transaction.atomic
def user_delete(*, user: User, actor) -> None:
    _ensure_staff(actor)
    _ensure_may_change(actor, user, {})
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot delete your own account."))
    user.delete()
