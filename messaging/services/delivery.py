"""The deliverer: send the outbox rows that are due, each exactly once, with retries, backoff and fallback.

One row per transaction: the row is locked (``FOR UPDATE SKIP LOCKED``) while it is sent, so a second worker
skips it, and a worker killed mid-send leaves it pending (its transaction rolls back) for the next worker.
The answer of the service is stored with the row. A row that fails ``MESSAGING_MAX_ATTEMPTS`` times is
marked failed and the message falls back to the next channel for the same people (robot → SMS → e-mail);
the channel is marked failing (the staff home shows it) until it next succeeds.

A request that reached the service just before the worker died, and whose answer was never recorded, is
sent again by the next worker: the JSON webhook and the SMS gateway receive the outbox row's id (payload
field ``id``) so they can drop the repeat; the robots have no such field.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from messaging import recipients, transport
from messaging.choices import ROBOT_KINDS, DeliveryStatus, Via
from messaging.models import Channel, Delivery

ACK_SALT = "messaging.ack"
#: the order of fallback: after a robot the person's phone, after the phone their e-mail
FALLBACK = {**{k.value: Via.SMS for k in ROBOT_KINDS}, Via.SMS: Via.EMAIL}


def ack_token(delivery: Delivery) -> str:
    return signing.dumps(delivery.pk, salt=ACK_SALT, compress=True)


def ack_url(delivery: Delivery) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("messaging-ack", args=[ack_token(delivery)])


def _text(row: Delivery) -> tuple[str, str]:
    message = row.message
    with translation.override(settings.LANGUAGE_CODE):
        title = message.title
        if row.step:
            title = _("[Not acknowledged, escalated] %(title)s") % {"title": title}
        lines = [title, message.body] if row.via not in ("email",) else [message.body]
        if message.url:
            lines.append(_("Details: %(url)s") % {"url": settings.PORTAL_BASE_URL.rstrip("/") + message.url})
        lines.append(_("Tap to confirm receipt (已收到): %(url)s") % {"url": ack_url(row)})
    return title, "\n".join(line for line in lines if line)


def _send(row: Delivery) -> transport.Result:
    title, body = _text(row)
    if row.via == Via.EMAIL:
        try:
            sent = EmailMessage(title, body, settings.DEFAULT_FROM_EMAIL, [row.to]).send()
        except Exception as exc:  # SMTP errors of every kind: the row is tried again
            return transport.Result(False, "", f"{exc.__class__.__name__}: {exc}"[:2000])
        return transport.Result(bool(sent), "250 accepted" if sent else "", "" if sent else "not accepted")
    if row.channel is None:
        return transport.Result(False, "", _("The channel was removed."))
    # robots post to a group: the title goes on the first line of the body
    return transport.send(row.channel, title=title if row.via != Via.SMS else "", body=body, to=row.to or "",
                          message_id=str(row.pk))  # fmt: skip


def _channel_state(channel_id: int | None, ok: bool, error: str, now: dt.datetime) -> None:
    if channel_id is None:
        return
    qs = Channel.objects.filter(pk=channel_id)
    if ok:
        qs.filter(failing_since__isnull=False).update(failing_since=None, last_error="")
    else:
        qs.filter(failing_since__isnull=True).update(failing_since=now)
        qs.update(last_error=error[:2000])


def _fallback(row: Delivery, now: dt.datetime) -> int:
    """The next channel for the people this row was for: the step's people for a robot, else the person."""
    via = FALLBACK.get(row.via)
    if via is None:
        return 0
    message = row.message
    people = recipients.people_at(row.step, message.organisation, message.duty)
    if not row.recipient_key.startswith("channel:"):
        person_key = row.recipient_key.split(":channel:")[0]
        people = [p for p in people if p.key == person_key]
    gateway = recipients.sms_gateway(message.organisation) if via == Via.SMS else None
    made = 0
    for person in people:
        address = person.phone if via == Via.SMS else person.email
        if not address or (via == Via.SMS and gateway is None):
            if via == Via.SMS and person.email:  # no phone or no gateway: straight on to e-mail
                address, via_here = person.email, Via.EMAIL
            else:
                continue
        else:
            via_here = via
        created = Delivery.objects.bulk_create(
            [
                Delivery(
                    message=message,
                    step=row.step,
                    via=via_here,
                    recipient_key=f"{person.key}:fallback",
                    recipient=person.name[:200],
                    to=address,
                    to_display=recipients.show(via_here, address),
                    channel=gateway if via_here == Via.SMS else None,
                    user_id=person.user_id,
                    created_at=now,
                    next_attempt_at=now,
                    fallback_of=row,
                )
            ],
            ignore_conflicts=True,  # each fallback once (a second failing robot of the same step adds none)
        )
        made += len(created)
    return made


def _deliver_locked(row: Delivery) -> Delivery:
    """Send ``row`` (locked by the caller's transaction) and record the outcome."""
    result = _send(row)
    done = timezone.now()
    row.attempts += 1
    row.answer = result.answer
    if result.ok:
        row.status, row.sent_at, row.last_error = DeliveryStatus.SENT, done, ""
    else:
        row.last_error = result.error or result.answer
        if row.attempts >= settings.MESSAGING_MAX_ATTEMPTS:
            row.status = DeliveryStatus.FAILED
        else:
            wait = settings.MESSAGING_RETRY_SECONDS * 2 ** (row.attempts - 1)
            row.next_attempt_at = done + dt.timedelta(seconds=wait)
    row.save(update_fields=["attempts", "answer", "status", "sent_at", "last_error", "next_attempt_at"])
    _channel_state(row.channel_id, result.ok, row.last_error, done)
    if row.status == DeliveryStatus.FAILED and not getattr(row, "fallback_disabled", False):
        _fallback(row, done)
    return row


def deliver_one(*, now: dt.datetime | None = None, pause=None) -> Delivery | None:
    """Send the next due row (None when nothing is due)."""
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .select_related("message__organisation", "channel")
            .order_by("next_attempt_at", "id")
            .first()
        )
        if row is None:
            return None
        if pause is not None:
            pause()  # tests: stop here, row locked, to kill the worker
        return _deliver_locked(row)


def deliver_now(pk: int, *, final: bool = False) -> Delivery:
    """Send row ``pk`` at once, whatever its turn (waiting for a worker that holds it). ``final``: one try,
    a failure is final (no retry, no fallback: a test reports what happened)."""
    with transaction.atomic():
        row = Delivery.objects.select_for_update(of=("self",)).select_related("message__organisation", "channel")
        row = row.get(pk=pk)
        if row.status != DeliveryStatus.PENDING:
            return row
        if final:
            row.attempts = settings.MESSAGING_MAX_ATTEMPTS - 1
            row.fallback_disabled = True
        return _deliver_locked(row)


def deliver_due(*, now=None, limit: int = 5000, pause=None) -> dict:
    """Send rows until none is due (or ``limit``): ``{"sent": n, "failed": n, "retry": n}``."""
    totals = {"sent": 0, "failed": 0, "retry": 0}
    for _i in range(limit):
        row = deliver_one(now=now, pause=pause)
        if row is None:
            break
        key = {DeliveryStatus.SENT: "sent", DeliveryStatus.FAILED: "failed"}.get(row.status, "retry")
        totals[key] += 1
    return totals
