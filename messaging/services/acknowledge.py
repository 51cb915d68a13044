"""Acknowledgement through the link in a message ("已收到"): signed, single-use, expiring, no sign-in.

The link names one outbox row (so one person and one channel); its signature carries the time it was made
and expires after ``MESSAGING_ACK_MAX_AGE_HOURS``. The first use acknowledges the message for everyone and
stops the ladder; any later use of a link of that message only says who acknowledged, when and how.
Apps that want to hear of it (a public-opinion alert is then acknowledged too) name a hook on their
AppConfig: ``urgent_acknowledged(message=..., delivery=...)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from association.audit import history_context
from messaging.models import Delivery, UrgentMessage
from messaging.services.delivery import ACK_SALT


class AckLinkInvalid(Exception):
    pass


class AckLinkExpired(AckLinkInvalid):
    pass


@dataclass
class AckOutcome:
    message: UrgentMessage
    delivery: Delivery
    first: bool  # this use acknowledged it


def delivery_for_token(token: str) -> Delivery:
    max_age = dt.timedelta(hours=settings.MESSAGING_ACK_MAX_AGE_HOURS)
    try:
        pk = signing.loads(token, salt=ACK_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise AckLinkExpired
    except signing.BadSignature:
        raise AckLinkInvalid
    delivery = Delivery.objects.select_related("message__organisation").filter(pk=pk).first()
    if delivery is None:
        raise AckLinkInvalid
    return delivery


def acknowledge_by_link(*, token: str, now: dt.datetime | None = None) -> AckOutcome:
    delivery = delivery_for_token(token)
    now = now or timezone.now()
    with transaction.atomic(), history_context(task="messaging.acknowledge_by_link"):
        message = UrgentMessage.objects.select_for_update().get(pk=delivery.message_id)
        if message.acknowledged_at is not None:
            return AckOutcome(message, delivery, first=False)
        message.acknowledged_at = now
        message.acknowledged_by, message.acknowledged_via = delivery.recipient, delivery.via
        message.next_step_at = None
        message.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledged_via", "next_step_at"])
        Delivery.objects.filter(pk=delivery.pk).update(acknowledged_at=now)
        delivery.acknowledged_at = now
        for config in apps.get_app_configs():
            hook = getattr(config, "urgent_acknowledged", None)
            if callable(hook):
                hook(message=message, delivery=delivery)
    return AckOutcome(message, delivery, first=True)
