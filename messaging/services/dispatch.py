"""Tell an organisation something: an urgent message and its first step's outbox rows, in one transaction.

Domain apps call ``urgent_notify`` in the transaction that creates what the message is about (a disaster
clock, a public-opinion alert); the rows are delivered by the worker once it commits. The urgency comes from
the ``UrgencyRule`` table, so staff see (and set) which kinds go beyond e-mail and the portal.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from association.deadlines import BEIJING
from association.models import Notification, Organisation
from messaging import recipients
from messaging.choices import DeliveryStatus, LadderStep, Urgency, Via
from messaging.models import Delivery, UrgencyRule, UrgentMessage


def rule_for(kind: str) -> UrgencyRule:
    """The kind's rule; a kind nobody listed is urgent (told at once, no ladder) until staff say otherwise."""
    rule = UrgencyRule.objects.filter(kind=kind).first()
    return rule or UrgencyRule(kind=kind, description=kind, urgency=Urgency.URGENT, ladder_minutes="")


def quiet_until(now: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours if ``now`` is inside them (Beijing), else None."""
    start, end = (dt.time.fromisoformat(t) for t in settings.MESSAGING_QUIET_HOURS)
    local = now.astimezone(BEIJING)
    t = local.time()
    inside = (start <= t or t < end) if start > end else (start <= t < end)
    if not inside:
        return None
    day = local.date() if t < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=BEIJING)


def plan(message: UrgentMessage, step: int, now: dt.datetime, directory: recipients.Directory | None = None):
    """The outbox rows of ``step`` (not saved) and the users to notify in the portal."""
    org = message.organisation
    directory = directory or recipients.Directory([org])
    urgent = message.urgency != Urgency.ROUTINE
    hold = quiet_until(now) if not urgent else None
    at = hold or now
    rows: list[Delivery] = []

    def row(via, key, name, *, to="", channel=None, user_id=None, status=DeliveryStatus.PENDING):
        rows.append(
            Delivery(
                message=message,
                step=step,
                via=via,
                recipient_key=key,
                recipient=name[:200],
                to=to or None,
                to_display=recipients.show(via, to),
                channel=channel,
                user_id=user_id,
                status=status,
                created_at=now,
                next_attempt_at=at,
                sent_at=now if status == DeliveryStatus.SENT else None,
            )
        )

    if urgent and step == LadderStep.CONTACT_A:
        for channel in directory.robots(org):
            row(channel.kind, f"channel:{channel.pk}", channel.label, channel=channel)
    gateway = directory.sms_gateway(org) if urgent else None
    people = directory.people_at(step, org, message.duty)
    for person in people:
        if urgent:
            for channel in person.channels:
                row(channel.kind, f"{person.key}:channel:{channel.pk}", person.name, channel=channel)
            if gateway is not None and person.phone:
                row(Via.SMS, person.key, person.name, to=person.phone, channel=gateway, user_id=person.user_id)
        if person.email:
            row(Via.EMAIL, person.key, person.name, to=person.email, user_id=person.user_id)
    if step == LadderStep.CONTACT_A:
        portal = directory.portal_users(org)
    elif step in (LadderStep.MANAGER, LadderStep.STAFF):
        portal = [(p.user_id, p.name) for p in people]
    else:
        portal = []
    return rows, portal


def step_rows(
    message: UrgentMessage, step: int, now: dt.datetime, directory: recipients.Directory | None = None
) -> tuple[list[Delivery], list[Notification]]:
    """``step``'s outbox rows and portal notifications, not saved (the caller writes many steps at once)."""
    rows, portal = plan(message, step, now, directory)
    if not portal:
        return rows, []
    level = "danger" if message.urgency == Urgency.CRITICAL else "warning"
    title = message.title if step == 0 else f"{LadderStep(step).label} · {message.title}"
    notes = [
        Notification(user_id=u, title=title[:300], body=message.body, url=message.url, level=level, created_at=now)
        for u, _name in portal
    ]
    for user_id, name in portal:
        rows.append(
            Delivery(
                message=message,
                step=step,
                via=Via.PORTAL,
                recipient_key=f"user:{user_id}",
                recipient=name[:200],
                user_id=user_id,
                status=DeliveryStatus.SENT,
                created_at=now,
                next_attempt_at=now,
                sent_at=now,
            )
        )
    return rows, notes


def write_steps(rows: list[Delivery], notes: list[Notification], *, kick: bool = True) -> int:
    """Write outbox rows (each once: the unique constraint) and portal notifications, one query each."""
    if notes:
        Notification.objects.bulk_create(notes)
    if rows:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    if kick and any(r.status == DeliveryStatus.PENDING for r in rows):
        kick_delivery()
    return len(rows)


def open_step(message: UrgentMessage, step: int, now: dt.datetime, *, kick: bool = True) -> int:
    """Write ``step``'s outbox rows (each once: the unique constraint) and its portal notifications."""
    rows, notes = step_rows(message, step, now)
    return write_steps(rows, notes, kick=kick)


def kick_delivery() -> None:
    """Wake the deliverer once the transaction commits."""

    def deliver():
        from messaging.tasks import messaging_deliver_task

        messaging_deliver_task.delay()

    transaction.on_commit(deliver)


def urgent_notify(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    subject=None,
    dedupe_key: str,
    duty: str = "",
    now: dt.datetime | None = None,
    is_test: bool = False,
    kick: bool = True,
) -> UrgentMessage:
    """Tell ``organisation`` (once per ``dedupe_key``): its first step goes out at once, a critical kind
    then climbs the ladder until acknowledged. A second call with the same key returns the first message."""
    now = now or timezone.now()
    existing = UrgentMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    rule = rule_for(kind)
    ladder = rule.ladder() if rule.urgency == Urgency.CRITICAL else []
    with translation.override(settings.LANGUAGE_CODE):
        message = UrgentMessage(
            organisation=organisation,
            kind=kind,
            urgency=rule.urgency,
            duty=duty,
            title=title[:300],
            body=body,
            url=url,
            subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
            subject_id=subject.pk if subject is not None else None,
            dedupe_key=dedupe_key,
            created_at=now,
            next_step_at=now + dt.timedelta(minutes=ladder[0]) if ladder else None,
            is_test=is_test,
        )
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:  # the same key written at the same moment by another transaction
            return UrgentMessage.objects.get(dedupe_key=dedupe_key)
        open_step(message, LadderStep.CONTACT_A, now, kick=kick)
    return message
