"""Obligations: create, submit, review (accept / return), cancel. One place for the rules."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.answer_pages import answer_page
from association.attachments import safe_filename, validate_attachment
from association.audit import acting
from association.choices import AWAITING_MEMBER, AWAITING_REVIEW, ObligationStatus, ReviewOutcome
from association.models import Attachment, Obligation, Organisation, OutboundEmail, Submission
from association.submission_data import validate_submission_data


@acting
def obligation_create(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    due_at: dt.datetime,
    subject=None,
    description: str = "",
    owed_to: Organisation | None = None,
    actor=None,
    dedupe_key: str | None = None,
) -> Obligation:
    """Create an obligation; with a ``dedupe_key`` a second call returns the first one (idempotent)."""
    if timezone.is_naive(due_at):
        raise ValueError("due_at must be timezone-aware")
    fields = {
        "organisation": organisation,
        "kind": kind,
        "title": title,
        "due_at": due_at,
        "original_due_at": due_at,
        "description": description,
        "owed_to": owed_to,
        "created_by": actor if actor is not None and actor.pk else None,
    }
    if subject is not None:
        fields["subject"] = subject
    if dedupe_key:
        obligation, _created = Obligation.objects.get_or_create(dedupe_key=dedupe_key, defaults=fields)
        return obligation
    obligation = Obligation(**fields)
    obligation.full_clean(exclude=["subject_type", "subject_id"])
    obligation.save()
    return obligation


def _lock(obligation: Obligation) -> Obligation:
    return Obligation.objects.select_for_update().get(pk=obligation.pk)


@acting
@transaction.atomic
def obligation_submit(
    *,
    obligation: Obligation,
    actor,
    text: str = "",
    data: dict | None = None,
    files=(),
    through_subject: bool = False,
):
    """Answer an obligation. Files are validated before anything is stored. An obligation its app answers on
    its own page (``association.answer_pages``) is submitted only by that app's service
    (``through_subject=True``), which records the answer itself."""
    if not actor.may_act_for(obligation.organisation_id):
        raise PermissionDenied(_("You may not submit for this organisation."))
    if not through_subject:
        page = answer_page(obligation)
        if page:
            raise ValidationError(
                _("This is answered on its own page (%(url)s), where the answer itself is recorded.") % {"url": page}
            )
    obligation = _lock(obligation)
    if obligation.status == ObligationStatus.ACCEPTED:
        raise ValidationError(_("This obligation has already been accepted; nothing more can be submitted."))
    if obligation.status == ObligationStatus.CANCELLED:
        raise ValidationError(_("This obligation was cancelled; nothing can be submitted."))
    if obligation.status in AWAITING_REVIEW:
        raise ValidationError(_("A submission is waiting for review; wait for it to be accepted or returned."))
    text = (text or "").strip()
    files = list(files or [])
    if not text and not data and not files:
        raise ValidationError(_("A submission needs a text, data or at least one attachment."))
    validate_submission_data(obligation.kind, data)
    kinds = [validate_attachment(f) for f in files]  # raises before anything is written
    now = timezone.now()
    version = obligation.submissions.count() + 1
    submission = Submission.objects.create(
        obligation=obligation,
        version=version,
        text=text,
        data=data or {},
        submitted_by=actor,
        submitted_at=now,
        on_behalf=submits_on_behalf(actor, obligation),
    )
    for f, kind in zip(files, kinds, strict=True):
        f.seek(0)
        name = safe_filename(f.name, kind)
        attachment = Attachment(submission=submission, original_name=name, kind=kind, size=f.size, uploaded_at=now)
        attachment.file.save(name, f, save=False)
        attachment.save()
    obligation.status = (
        ObligationStatus.RESUBMITTED if obligation.status == ObligationStatus.RETURNED else ObligationStatus.SUBMITTED
    )
    obligation.submitted_at = now
    fields = ["status", "submitted_at"]
    if obligation.first_submitted_at is None:  # its timeliness is judged by it, whatever happens after
        obligation.first_submitted_at = now
        fields.append("first_submitted_at")
    obligation.save(update_fields=fields)
    return submission


def submits_on_behalf(actor, obligation: Obligation) -> bool:
    """Association staff who submit for a member organisation they do not belong to (代为报送)."""
    own = {m.organisation_id for m in actor.active_memberships}
    return actor.is_association_staff and obligation.organisation_id not in own


def _latest_pending(obligation: Obligation) -> Submission:
    submission = obligation.submissions.order_by("-version").first()
    if submission is None or submission.outcome != ReviewOutcome.PENDING:
        raise ValidationError(_("There is no submission waiting for review."))
    return submission


def _ensure_reviewer(actor):
    if not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff review submissions."))


@acting
@transaction.atomic
def obligation_accept(*, obligation: Obligation, actor, comment: str = "") -> Obligation:
    _ensure_reviewer(actor)
    obligation = _lock(obligation)
    if obligation.status not in AWAITING_REVIEW:
        raise ValidationError(_("Only a submitted obligation can be accepted."))
    submission = _latest_pending(obligation)
    now = timezone.now()
    submission.outcome = ReviewOutcome.ACCEPTED
    submission.reviewed_by, submission.reviewed_at, submission.review_comment = actor, now, comment
    submission.save(update_fields=["outcome", "reviewed_by", "reviewed_at", "review_comment"])
    obligation.status, obligation.accepted_at = ObligationStatus.ACCEPTED, now
    obligation.save(update_fields=["status", "accepted_at"])
    return obligation


@acting
@transaction.atomic
def obligations_accept_selected(*, obligations, actor) -> int:
    """Accept the latest submission of each obligation, all or none: if one of them cannot be accepted
    (no longer waiting for review), none is, and the error names it."""
    _ensure_reviewer(actor)
    count = 0
    for obligation in obligations:
        try:
            obligation_accept(obligation=obligation, actor=actor)
        except ValidationError as exc:
            reason = " ".join(exc.messages)
            raise ValidationError(
                _("%(title)s (%(organisation)s): %(reason)s Nothing was accepted.")
                % {"title": obligation.title, "organisation": obligation.organisation, "reason": reason}
            ) from exc
        count += 1
    return count


@acting
@transaction.atomic
def obligation_return(
    *, obligation: Obligation, actor, comment: str, new_due_at: dt.datetime | None = None
) -> Obligation:
    """Return the latest submission with a comment; the obligation reopens (same or new due time).

    A new due time is the one the resubmission is judged by; the first submission stays judged by the
    original due time (``original_due_at``, ``first_submitted_at``): a late report stays late.
    """
    _ensure_reviewer(actor)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what has to be corrected.")})
    obligation = _lock(obligation)
    if obligation.status not in AWAITING_REVIEW:
        raise ValidationError(_("Only a submitted obligation can be returned."))
    submission = _latest_pending(obligation)
    now = timezone.now()
    submission.outcome = ReviewOutcome.RETURNED
    submission.reviewed_by, submission.reviewed_at, submission.review_comment = actor, now, comment.strip()
    submission.save(update_fields=["outcome", "reviewed_by", "reviewed_at", "review_comment"])
    obligation.status = ObligationStatus.RETURNED
    fields = ["status", "submitted_at"]
    if obligation.first_submitted_at is None:  # a submission time written without the services
        obligation.first_submitted_at = obligation.submitted_at or submission.submitted_at
        fields.append("first_submitted_at")
    obligation.submitted_at = None
    if new_due_at is not None:
        if timezone.is_naive(new_due_at):
            raise ValueError("new_due_at must be timezone-aware")
        obligation.due_at = new_due_at
        fields.append("due_at")
        obligation.reminders.all().delete()  # a new deadline gets its reminders again
    obligation.save(update_fields=fields)
    return obligation


@acting
@transaction.atomic
def obligation_cancel(*, obligation: Obligation, actor=None, reason: str = "") -> Obligation:
    """Nothing is owed any more: no further reminder or escalation, and reminder e-mails not yet sent are dropped."""
    obligation = _lock(obligation)
    if obligation.status in AWAITING_MEMBER or obligation.status in AWAITING_REVIEW:
        obligation.status = ObligationStatus.CANCELLED
        if reason:
            obligation.description = (obligation.description + "\n" + reason).strip()
        obligation.save(update_fields=["status", "description"])
        _drop_unsent_reminders(obligation)
    return obligation


def _drop_unsent_reminders(obligation: Obligation) -> None:
    OutboundEmail.objects.filter(reminder__obligation=obligation, sent_at__isnull=True).delete()


@acting
@transaction.atomic
def obligations_cancel_for(
    subject, *, actor=None, reason: str, now: dt.datetime | None = None, overdue: bool = False
) -> int:
    """The thing obligations are about has ended: cancel what its organisations still owe about it.

    Only what a member still owes (open or returned) is cancelled; a submission waiting for review is
    still reviewed. By default an obligation already past due at ``now`` stays owed: the company missed
    it before the end, and the compliance table, the roll call and the scores keep that breach (it may
    still report late). ``overdue=True`` cancels those too, for a subject withdrawn as if never issued.
    Returns the number cancelled.
    """
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("now must be timezone-aware")
    owed = Obligation.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk, status__in=AWAITING_MEMBER
    )
    if not overdue:
        owed = owed.filter(due_at__gt=now)
    n = 0
    for obligation in owed.order_by("pk"):
        obligation_cancel(obligation=obligation, actor=actor, reason=reason)
        n += 1
    return n


#: what staff may edit on an obligation directly; its status and due time change only through the services
OBLIGATION_EDITABLE_FIELDS = ("title", "description", "owed_to")


def _ensure_staff(actor):
    if actor is None or not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff change obligations."))


@acting
@transaction.atomic
def obligation_update(*, obligation: Obligation, actor, **fields) -> Obligation:
    """Change what an obligation is called and whom it is owed to (never its status or due time)."""
    _ensure_staff(actor)
    unknown = set(fields) - set(OBLIGATION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    obligation = _lock(obligation)
    changed = [name for name, value in fields.items() if getattr(obligation, name) != value]
    for name in changed:
        setattr(obligation, name, fields[name])
    if changed:
        obligation.full_clean(exclude=["subject_type", "subject_id"])
        obligation.save(update_fields=changed)
    return obligation


def _release_reminders(obligation: Obligation) -> None:
    """Free the reminder steps for a new deadline. What people were already told stays (their
    notifications and the e-mails sent lose only the link); e-mails not yet sent about the old
    deadline are dropped."""
    from association.models import Notification, OutboundEmail

    logs = obligation.reminders.all()
    OutboundEmail.objects.filter(reminder__in=logs, sent_at__isnull=True).delete()
    OutboundEmail.objects.filter(reminder__in=logs).update(reminder=None)
    Notification.objects.filter(reminder__in=logs).update(reminder=None)
    logs.delete()


@acting
@transaction.atomic
def obligation_set_due(*, obligation: Obligation, actor, due_at: dt.datetime) -> Obligation:
    """A new due time for an obligation the member still owes; the reminders start again for it.

    A submitted obligation keeps its due time (its timeliness is judged by it): return it with a new one.
    Before the deadline has passed this is an extension: the original due time moves with it. After, the
    original due time stays (``original_due_at``): what is submitted from then on is late.
    """
    _ensure_staff(actor)
    if timezone.is_naive(due_at):
        raise ValueError("due_at must be timezone-aware")
    obligation = _lock(obligation)
    if obligation.status not in AWAITING_MEMBER:
        raise ValidationError(
            _("Only an obligation the member still owes gets a new due time (a submitted one is returned with one).")
        )
    if obligation.due_at == due_at:
        return obligation
    obligation.due_at = due_at
    fields = ["due_at"]
    if obligation.first_submission_at is None and timezone.now() <= obligation.original_due_at:
        obligation.original_due_at = due_at
        fields.append("original_due_at")
    obligation.full_clean(exclude=["subject_type", "subject_id"])
    obligation.save(update_fields=fields)
    _release_reminders(obligation)
    return obligation
