"""Channels: staff (and an organisation's manager, for its own) set them up; the secrets stay encrypted."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from association.audit import acting
from messaging.models import Channel

FIELDS = ("organisation", "user", "kind", "label", "target", "secret", "is_active")


def _ensure_may_configure(actor, organisation_id: int | None, user_id: int | None) -> None:
    if actor is None or actor.is_association_staff:
        return
    if organisation_id is not None and actor.may_manage(organisation_id):
        return
    if organisation_id is None and user_id == actor.pk:
        return
    raise PermissionDenied(_("You may not configure this channel."))


@acting
@transaction.atomic
def channel_create(*, actor=None, **fields) -> Channel:
    channel = Channel(**{k: v for k, v in fields.items() if k in FIELDS})
    _ensure_may_configure(actor, channel.organisation_id, channel.user_id)
    channel.full_clean()
    channel.save()
    return channel


@acting
@transaction.atomic
def channel_update(*, actor=None, channel: Channel, **changes) -> Channel:
    _ensure_may_configure(actor, channel.organisation_id, channel.user_id)
    changes = {k: v for k, v in changes.items() if k in FIELDS}
    if changes.get("secret") == "":
        changes.pop("secret")  # left empty in the form: the stored secret stays (it is never shown back)
    if "secret" in changes and changes["secret"] is None and not channel.secret:
        changes.pop("secret")  # nothing to remove
    for name, value in changes.items():
        setattr(channel, name, value)
    channel.full_clean()
    if changes:
        # a changed address may work again: clear the failure mark
        channel.failing_since, channel.last_error = None, ""
        channel.save(update_fields=[*changes, "failing_since", "last_error"])
    return channel


@acting
@transaction.atomic
def channel_delete(*, actor=None, channel: Channel) -> None:
    _ensure_may_configure(actor, channel.organisation_id, channel.user_id)
    channel.delete()
