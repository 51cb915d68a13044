"""Notices: written as drafts (with the replies they demand), then issued: every recipient gets a
notification and owes each required reply. An issued notice no longer changes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import ObligationKind, Role
from association.models import Membership, Notice, NoticeReply, Notification, OutboundEmail
from association.services.obligations import obligation_create


@acting
@transaction.atomic
def notice_issue(*, notice: Notice, actor) -> int:
    """Issue the notice (once). Returns the number of obligations created."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.issued_at is not None:
        raise ValidationError(_("This notice has already been issued."))
    recipients = list(notice.recipients.all())
    if not recipients:
        raise ValidationError(_("Choose at least one recipient before issuing the notice."))
    notice.issued_at = timezone.now()
    notice.issued_by = actor
    notice.save(update_fields=["issued_at", "issued_by"])
    created = 0
    for reply in notice.replies.all():
        for org in recipients:
            obligation_create(
                organisation=org,
                kind=ObligationKind.NOTICE_REPLY,
                title=f"{reply.title}（{notice.title}）"[:300],
                due_at=reply.due_at,
                subject=notice,
                actor=actor,
                dedupe_key=f"notice-reply:{reply.pk}:{org.pk}",
            )
            created += 1
    url = reverse("notice-detail", args=[notice.pk])
    # the recipients' own users and those of their parent organisations (a head office sees its branches)
    told = {o.pk for o in recipients} | {o.parent_id for o in recipients if o.parent_id}
    users = Membership.objects.filter(
        organisation_id__in=told, role__in=[Role.MEMBER_MANAGER, Role.MEMBER_REPORTER], is_active=True
    ).values_list("user_id", "user__email")
    users = dict(users)
    Notification.objects.bulk_create(
        [Notification(user_id=uid, title=notice.title, body=notice.body[:500], url=url) for uid in users]
    )
    addresses = sorted({email for email in users.values() if email})
    if addresses:
        # one message per person: members must not see each other's addresses
        OutboundEmail.objects.bulk_create(
            [OutboundEmail(to=[address], subject=notice.title, body=notice.body) for address in addresses]
        )

        def deliver():
            from association.tasks import outbox_deliver_task

            outbox_deliver_task.delay()

        transaction.on_commit(deliver)
    return created


NOTICE_FIELDS = ("kind", "reference", "title", "body", "document", "recipients")


def _ensure_staff(actor) -> None:
    if actor is None or not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff write notices."))


def _ensure_draft(notice: Notice) -> None:
    if notice.issued_at is not None:
        raise ValidationError(_("This notice has been issued; it can no longer be changed."))


@acting
@transaction.atomic
def notice_create(*, actor, recipients=(), **fields) -> Notice:
    """A draft notice (its recipients owe nothing until it is issued)."""
    _ensure_staff(actor)
    unknown = set(fields) - set(NOTICE_FIELDS)
    if unknown:
        raise ValueError(f"unknown notice fields: {sorted(unknown)}")
    notice = Notice(**fields)
    notice.full_clean()
    notice.save()
    notice.recipients.set(recipients)
    return notice


@acting
@transaction.atomic
def notice_update(*, notice: Notice, actor, **fields) -> Notice:
    _ensure_staff(actor)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _ensure_draft(notice)
    unknown = set(fields) - set(NOTICE_FIELDS)
    if unknown:
        raise ValueError(f"unknown notice fields: {sorted(unknown)}")
    recipients = fields.pop("recipients", None)
    for name, value in fields.items():
        setattr(notice, name, value)
    if fields:
        notice.full_clean()
        notice.save(update_fields=list(fields))
    if recipients is not None:
        notice.recipients.set(recipients)
    return notice


@acting
@transaction.atomic
def notice_delete(*, notice: Notice, actor) -> None:
    """Only a draft is deleted; an issued notice is what the members owe replies to."""
    _ensure_staff(actor)
    _ensure_draft(notice)
    notice.delete()


@acting
@transaction.atomic
def notice_reply_create(*, notice: Notice, actor, title: str, due_at) -> NoticeReply:
    _ensure_staff(actor)
    _ensure_draft(notice)
    reply = NoticeReply(notice=notice, title=title, due_at=due_at)
    reply.full_clean()
    reply.save()
    return reply


@acting
@transaction.atomic
def notice_reply_update(*, reply: NoticeReply, actor, **fields) -> NoticeReply:
    _ensure_staff(actor)
    _ensure_draft(reply.notice)
    unknown = set(fields) - {"title", "due_at"}
    if unknown:
        raise ValueError(f"unknown reply fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(reply, name, value)
    if fields:
        reply.full_clean()
        reply.save(update_fields=list(fields))
    return reply


@acting
@transaction.atomic
def notice_reply_delete(*, reply: NoticeReply, actor) -> None:
    _ensure_staff(actor)
    _ensure_draft(reply.notice)
    reply.delete()
