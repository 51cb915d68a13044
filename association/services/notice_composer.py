"""The portal's notice composer: a draft written in one go (text, attachment, recipients, the replies it demands),
saved recipient groups, and "remind those who have not replied".

A reminder staff send by hand goes the way the sweep's do (``association.services.reminders``): one
``ReminderLog`` row per obligation (step ``remind:<time>``, so the sweep's own steps are untouched), whose
history names the actor, and the notifications and outbox e-mails hanging on it; e-mails follow the urgency
table's quiet hours (``notification_route``). Only replies still owed (open or returned) are reminded.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import AWAITING_MEMBER
from association.models import Notice, Obligation, RecipientGroup, ReminderLog
from association.selectors.notices import REMIND_STEP_PREFIX
from association.services.notices import (
    _ensure_draft,
    _ensure_staff,
    notice_create,
    notice_reply_create,
    notice_reply_delete,
    notice_update,
)
from association.services.reminders import REMINDER_KIND, reminders_deliver


@acting
@transaction.atomic
def notice_compose(*, actor, notice: Notice | None = None, recipients, replies, **fields) -> Notice:
    """Create a draft (``notice=None``) or rewrite one: its fields, its recipients, and its required replies
    (``replies``: (title, due_at) pairs, replacing those it had)."""
    _ensure_staff(actor)
    if notice is None:
        notice = notice_create(actor=actor, recipients=recipients, **fields)
    else:
        _ensure_draft(notice)
        if "document" in fields and fields["document"] is None:
            fields.pop("document")  # no new file: keep the one it has
        notice = notice_update(notice=notice, actor=actor, recipients=recipients, **fields)
        for reply in list(notice.replies.all()):
            notice_reply_delete(reply=reply, actor=actor)
    for title, due_at in replies:
        notice_reply_create(notice=notice, actor=actor, title=title, due_at=due_at)
    return notice


@acting
@transaction.atomic
def recipient_group_create(*, actor, name: str, organisations) -> RecipientGroup:
    _ensure_staff(actor)
    organisations = list(organisations)
    if not organisations:
        raise ValidationError({"name": _("A group needs at least one organisation.")})
    group = RecipientGroup(name=(name or "").strip(), created_by=actor)
    group.full_clean()
    group.save()
    group.organisations.set(organisations)
    return group


@acting
@transaction.atomic
def recipient_group_delete(*, group: RecipientGroup, actor) -> None:
    _ensure_staff(actor)
    group.delete()


def _reminder_message(ob: Obligation, notice: Notice, actor) -> tuple[str, str]:
    due = timezone.localtime(ob.due_at).strftime("%Y-%m-%d %H:%M")
    values = {"title": ob.title, "due": due, "notice": notice.title, "sender": str(actor)}
    if ob.due_at < timezone.now():
        title = _("Overdue reply: “%(title)s” was due %(due)s") % values
    else:
        title = _("Reply requested: “%(title)s” is due %(due)s") % values
    body = (
        _(
            "The association reminds you that the reply to the notice “%(notice)s” has not been received "
            "(due %(due)s, Beijing time). Sent by %(sender)s."
        )
        % values
    )
    return title[:300], body


@acting
@transaction.atomic
def notice_remind(*, notice: Notice, actor) -> int:
    """Remind every recipient that still owes a reply to ``notice`` (once per obligation per call). Returns the
    number of recipients reminded."""
    _ensure_staff(actor)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.issued_at is None:
        raise PermissionDenied(_("A draft has no replies to remind of."))
    if notice.withdrawn_at is not None:
        raise ValidationError(_("This notice has been withdrawn: its replies are no longer due."))
    now = timezone.now()
    obligations = list(
        Obligation.objects.filter(
            subject_type=ContentType.objects.get_for_model(Notice), subject_id=notice.pk, status__in=AWAITING_MEMBER
        )
        .select_related("organisation__parent")
        .order_by("organisation__name", "id")
    )
    if not obligations:
        return 0
    step = f"{REMIND_STEP_PREFIX}{now:%Y%m%d%H%M%S%f}"
    logs = ReminderLog.objects.bulk_create(
        [ReminderLog(obligation=ob, step=step, created_at=now) for ob in obligations]
    )
    log_by_ob = {log.obligation_id: log.pk for log in logs}
    emails = reminders_deliver(
        obligations=obligations,
        log_by_ob=log_by_ob,
        message=lambda ob: _reminder_message(ob, notice, actor),
        level="warning",
        kind=REMINDER_KIND,
        now=now,
    )[1]
    if emails:

        def deliver():
            from association.tasks import outbox_deliver_task

            outbox_deliver_task.delay()

        transaction.on_commit(deliver)
    return len({ob.organisation_id for ob in obligations})
