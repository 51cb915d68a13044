"""Notices: written as drafts (with the replies they demand), then issued: the notice gets its document
number, every recipient gets a notification and owes each required reply. An issued notice no longer changes.

Document numbers (文号) are ``<prefix>〔<year>〕<n>号``, the prefix being ``settings.NOTICE_NUMBER_PREFIX``
(the issuer) and the year Beijing's year of issue, numbered 1, 2, ... per prefix and year. The year's
counter row is created if missing (INSERT … ON CONFLICT DO NOTHING, safe when two issues race) and
locked with SELECT … FOR UPDATE: concurrent issues queue on it, and a rolled-back issue rolls its
number back too. Numbers typed before numbering existed (and a circular's) are kept and never given
again: the sequence goes on after the highest of them. A unique constraint holds it in the database.
"""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import ObligationKind, Role
from association.deadlines import BEIJING
from association.models import Membership, Notice, NoticeNumberCounter, NoticeReply, Notification, OutboundEmail
from association.services.obligations import obligation_create, obligations_cancel_for

DEFAULT_NOTICE_NUMBER_PREFIX = "新保协发"


def notice_number_prefix() -> str:
    return getattr(settings, "NOTICE_NUMBER_PREFIX", DEFAULT_NOTICE_NUMBER_PREFIX) or DEFAULT_NOTICE_NUMBER_PREFIX


def format_notice_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}〔{year}〕{seq}号"


def _highest_number_in_use(prefix: str, year: int) -> int:
    """The highest number of ``prefix`` and ``year`` already on a notice (typed, in any common bracket style)."""
    pattern = re.compile(rf"^{re.escape(prefix)}\s*[〔\[［(（]\s*{year}\s*[〕\]］)）]\s*第?\s*(\d+)\s*号$")
    references = Notice.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    return max((int(m.group(1)) for ref in references if (m := pattern.match(ref))), default=0)


def next_notice_number(year: int) -> str:
    """Take the next document number of ``year``. Must run inside the transaction that stores it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_notice_number must be called inside transaction.atomic")
    issuer = notice_number_prefix()
    table = NoticeNumberCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (issuer, year, last) VALUES (%s, %s, 0) ON CONFLICT (issuer, year) DO NOTHING",
            [issuer, year],
        )
    counter = NoticeNumberCounter.objects.select_for_update().get(issuer=issuer, year=year)
    counter.last = max(counter.last, _highest_number_in_use(issuer, year)) + 1
    counter.save(update_fields=["last"])
    return format_notice_number(issuer, year, counter.last)


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
    if not notice.reference:  # one typed on a draft before numbering existed, or a circular's, is kept
        notice.reference = next_notice_number(notice.issued_at.astimezone(BEIJING).year)
    notice.save(update_fields=["issued_at", "issued_by", "reference"])
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
    _tell_recipients(notice, recipients, subject=notice.title, body=notice.body)
    return created


def _tell_recipients(notice: Notice, recipients, *, subject: str, body: str) -> None:
    """A notification and an e-mail (delivered after the commit) to the users of the recipients."""
    url = reverse("notice-detail", args=[notice.pk])
    # the recipients' own users and those of their parent organisations (a head office sees its branches)
    told = {o.pk for o in recipients} | {o.parent_id for o in recipients if o.parent_id}
    users = Membership.objects.filter(
        organisation_id__in=told, role__in=[Role.MEMBER_MANAGER, Role.MEMBER_REPORTER], is_active=True
    ).values_list("user_id", "user__email")
    users = dict(users)
    Notification.objects.bulk_create(
        [Notification(user_id=uid, title=subject[:300], body=body[:500], url=url) for uid in users]
    )
    addresses = sorted({email for email in users.values() if email})
    if addresses:
        # one message per person: members must not see each other's addresses
        OutboundEmail.objects.bulk_create(
            [OutboundEmail(to=[address], subject=subject[:300], body=body) for address in addresses]
        )

        def deliver():
            from association.tasks import outbox_deliver_task

            outbox_deliver_task.delay()

        transaction.on_commit(deliver)


@acting
@transaction.atomic
def notice_withdraw(*, notice: Notice, actor, reason: str) -> Notice:
    """Withdraw an issued notice (staff, with a reason): it is void, so the replies it demanded are owed no
    more, those already past due included (cancelled, no reminders); a reply submitted stays on record. The
    recipients are told. The notice itself stays readable, marked withdrawn. A draft is deleted instead."""
    _ensure_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the notice is withdrawn.")})
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.issued_at is None:
        raise ValidationError(_("Only an issued notice is withdrawn; delete a draft."))
    if notice.withdrawn_at is not None:
        raise ValidationError(_("This notice has already been withdrawn."))
    notice.withdrawn_at, notice.withdrawn_by, notice.withdrawal_reason = timezone.now(), actor, reason
    notice.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    obligations_cancel_for(
        notice,
        actor=actor,
        reason=_("The notice was withdrawn: %(reason)s") % {"reason": reason},
        now=notice.withdrawn_at,
        overdue=True,
    )
    reference = f"{notice.reference} " if notice.reference else ""
    _tell_recipients(
        notice,
        list(notice.recipients.all()),
        subject=_("Withdrawn: %(reference)s%(title)s") % {"reference": reference, "title": notice.title},
        body=_("The notice “%(title)s” has been withdrawn: %(reason)s. The replies it asked for are no longer due.")
        % {"title": notice.title, "reason": reason},
    )
    return notice


#: what staff write on a draft; the document number is given when the notice is issued, never typed
NOTICE_FIELDS = ("kind", "title", "body", "document", "recipients")


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
