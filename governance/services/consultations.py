"""Consultations on drafts: publish to chosen members (each owes its feedback), feedback per clause or in
general or "no comments", handling of each comment, close, publish the final version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import ObligationKind
from association.deadlines import BEIJING
from association.services.obligations import obligation_create, obligations_cancel_for
from governance.choices import ConsultationStatus, Handling
from governance.clauses import split_clauses
from governance.models import Clause, Comment, Consultation, Recipient
from governance.services.common import answer_obligation, notify, store_file
from governance.services.permissions import ensure_may_act_for, ensure_staff


@dataclass(frozen=True)
class CommentSpec:
    text: str
    clause: Clause | None = None
    suggestion: str = ""


@acting
@transaction.atomic
def consultation_create(
    *,
    actor,
    kind: str,
    title: str,
    feedback_due_at: dt.datetime,
    recipients,
    draft_text: str = "",
    summary: str = "",
    draft_document=None,
    shared_with_regulators: bool = False,
) -> Consultation:
    """Publish a draft to the chosen members: its clauses from the text (第一条 …), one feedback obligation each."""
    ensure_staff(actor)
    if feedback_due_at <= timezone.now():
        raise ValidationError({"feedback_due_at": _("The feedback deadline must be in the future.")})
    consultation = Consultation(
        kind=kind,
        title=(title or "").strip(),
        summary=(summary or "").strip(),
        feedback_due_at=feedback_due_at,
        shared_with_regulators=shared_with_regulators,
        created_by=actor,
    )
    if draft_document is not None:
        store_file(consultation, "draft_document", draft_document, allowed=("pdf", "docx"))
    consultation.full_clean(exclude=["draft_document"])
    orgs = list(recipients)
    if not orgs:
        raise ValidationError({"recipients": _("Choose at least one member to consult.")})
    not_members = [o.name for o in orgs if not o.is_member_company]
    if not_members:
        raise ValidationError({"recipients": _("Not member companies: %(names)s") % {"names": ", ".join(not_members)}})
    clauses = split_clauses(draft_text)
    if not clauses and draft_document is None:
        raise ValidationError({"draft_text": _("Paste the draft's text or attach the draft.")})
    consultation.save()
    Clause.objects.bulk_create(
        [Clause(consultation=consultation, order=i, number=n, text=t) for i, (n, t) in enumerate(clauses, start=1)]
    )
    rows = Recipient.objects.bulk_create([Recipient(consultation=consultation, organisation=o) for o in orgs])
    for row in rows:
        obligation_create(
            organisation=row.organisation,
            kind=ObligationKind.CONSULTATION_FEEDBACK,
            title=_("Feedback on the draft: %(title)s") % {"title": consultation.title},
            due_at=feedback_due_at,
            subject=row,
            actor=actor,
            dedupe_key=f"consultation-feedback:{row.pk}",
        )
    notify(
        [o.pk for o in orgs],
        title=_("Draft for comments: %(title)s") % {"title": consultation.title},
        body=_("Send your feedback by %(due)s, clause by clause or in general, or answer “no comments”.")
        % {"due": f"{feedback_due_at.astimezone(BEIJING):%Y-%m-%d %H:%M}"},
        url=consultation.get_absolute_url(),
    )
    return consultation


@acting
@transaction.atomic
def consultation_feedback(
    *, actor, recipient: Recipient, comments: list[CommentSpec] = (), no_comments: bool = False
) -> list[Comment]:
    """A member's feedback: comments (each on a clause of this draft, or general), or "no comments". More
    comments may follow while the consultation is open; late feedback is accepted and counts as late."""
    ensure_may_act_for(actor, recipient.organisation_id)
    recipient = Recipient.objects.select_for_update().select_related("consultation").get(pk=recipient.pk)
    consultation = recipient.consultation
    if consultation.status != ConsultationStatus.OPEN:
        raise ValidationError(_("This consultation is closed; feedback can no longer be given."))
    comments = [c for c in comments if (c.text or "").strip()]
    if no_comments and comments:
        raise ValidationError(_("Either comments or “no comments”, not both."))
    if not no_comments and not comments:
        raise ValidationError(_("Write at least one comment, or answer “no comments”."))
    if no_comments and recipient.comments_given():
        raise ValidationError(_("Your company has already commented; “no comments” no longer applies."))
    now = timezone.now()
    created = []
    for spec in comments:
        if spec.clause is not None and spec.clause.consultation_id != consultation.pk:
            raise ValidationError({"clause": _("That clause is not part of this draft.")})
        comment = Comment(
            consultation=consultation,
            organisation=recipient.organisation,
            clause=spec.clause,
            text=spec.text.strip(),
            suggestion=(spec.suggestion or "").strip(),
            submitted_at=now,
            submitted_by=actor,
        )
        comment.full_clean(exclude=["consultation", "organisation", "clause"])
        comment.save()
        created.append(comment)
    recipient.no_comments = no_comments
    recipient.replied_at, recipient.replied_by = now, actor
    recipient.save(update_fields=["no_comments", "replied_at", "replied_by"])
    text = _("No comments.") if no_comments else _("%(n)d comments.") % {"n": len(created)}
    answer_obligation(recipient, actor=actor, text=text)
    return created


@acting
@transaction.atomic
def comment_handle(*, actor, comment: Comment, handling: str, note: str = "") -> Comment:
    """How a comment was handled: adopted, partly adopted, or not adopted (with the reason)."""
    ensure_staff(actor)
    if handling not in Handling.values or handling == Handling.PENDING:
        raise ValidationError({"handling": _("Choose how the comment was handled.")})
    note = (note or "").strip()
    if handling in (Handling.NOT_ADOPTED, Handling.PARTLY) and not note:
        raise ValidationError({"handling_note": _("Give the reason for not adopting it (fully).")})
    if comment.consultation.status == ConsultationStatus.PUBLISHED:
        raise ValidationError(_("The final version is published; the handling is on record as it was."))
    comment.handling, comment.handling_note = handling, note
    comment.handled_at, comment.handled_by = timezone.now(), actor
    comment.save(update_fields=["handling", "handling_note", "handled_at", "handled_by"])
    return comment


@acting
@transaction.atomic
def consultation_close(*, actor, consultation: Consultation) -> Consultation:
    """No more feedback. Replies not yet due are cancelled; those already due and missing stay owed (late)."""
    ensure_staff(actor)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != ConsultationStatus.OPEN:
        raise ValidationError(_("Only an open consultation can be closed."))
    consultation.status = ConsultationStatus.CLOSED
    consultation.save(update_fields=["status"])
    for row in consultation.recipients.all():
        obligations_cancel_for(row, actor=actor, reason=_("The consultation was closed."))
    return consultation


@acting
@transaction.atomic
def consultation_publish(
    *, actor, consultation: Consultation, final_text: str = "", final_document=None, convention_link: str = ""
) -> Consultation:
    """The final version: every comment must have been handled. It may be linked to the self-regulation
    convention it became (which members then sign there)."""
    ensure_staff(actor)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status == ConsultationStatus.OPEN:
        raise ValidationError(_("Close the consultation before publishing the final version."))
    if consultation.status != ConsultationStatus.CLOSED:
        raise ValidationError(_("Only a closed consultation can be published."))
    pending = consultation.comments.filter(handling=Handling.PENDING).count()
    if pending:
        raise ValidationError(_("%(n)d comments are not handled yet.") % {"n": pending})
    final_text = (final_text or "").strip()
    if not final_text and final_document is None:
        raise ValidationError({"final_text": _("Give the final text or attach the final document.")})
    convention_link = (convention_link or "").strip()
    if convention_link and not convention_link.startswith("/"):
        raise ValidationError(
            {"convention_link": _("Give the convention's address in the portal, e.g. /selfregulation/…")}
        )
    if final_document is not None:
        store_file(consultation, "final_document", final_document, allowed=("pdf", "docx"))
    consultation.final_text, consultation.convention_link = final_text, convention_link
    consultation.status, consultation.published_at = ConsultationStatus.PUBLISHED, timezone.now()
    consultation.save(
        update_fields=[
            "final_text",
            "final_document",
            "final_document_name",
            "convention_link",
            "status",
            "published_at",
        ]
    )
    notify(
        consultation.recipients.values_list("organisation_id", flat=True),
        title=_("Final version published: %(title)s") % {"title": consultation.title},
        body=_("The feedback table shows how every comment was handled."),
        url=consultation.get_absolute_url(),
    )
    return consultation
