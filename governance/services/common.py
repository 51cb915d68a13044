"""What the services of this app share: files, notifications, the obligation a row is the subject of."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from association.attachments import safe_filename, validate_attachment
from association.choices import AWAITING_MEMBER, Role
from association.models import Membership, Notification, Obligation
from association.services.obligations import obligation_submit

DOCUMENT_KINDS = ("pdf", "docx", "xlsx")


def store_file(instance, field: str, uploaded, *, allowed=DOCUMENT_KINDS) -> None:
    """Validate an upload by its content and put it on ``instance.<field>`` (and ``<field>_name``)."""
    kind = validate_attachment(uploaded, allowed=allowed)
    name = safe_filename(uploaded.name, kind)
    uploaded.seek(0)
    getattr(instance, field).save(name, uploaded, save=False)
    setattr(instance, f"{field}_name" if hasattr(instance, f"{field}_name") else "file_name", name)


def notify(organisation_ids, *, title: str, body: str, url: str) -> int:
    """An in-portal notification to the managers and reporters of the organisations."""
    user_ids = set(
        Membership.objects.filter(
            organisation_id__in=list(organisation_ids),
            role__in=[Role.MEMBER_MANAGER, Role.MEMBER_REPORTER],
            is_active=True,
        ).values_list("user_id", flat=True)
    )
    Notification.objects.bulk_create([Notification(user_id=u, title=title[:300], body=body, url=url) for u in user_ids])
    return len(user_ids)


def owed_obligation(subject) -> Obligation | None:
    """The obligation about ``subject`` the organisation still owes (open or returned), if any."""
    return (
        Obligation.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk, status__in=AWAITING_MEMBER
        )
        .order_by("pk")
        .first()
    )


def answer_obligation(subject, *, actor, text: str) -> None:
    """Record the answer on the obligation still owed about ``subject`` (an inbox item done). The text says
    what was answered, in words (the obligation page shows a submission's data as raw keys, so none is sent;
    the answer itself is on the subject)."""
    obligation = owed_obligation(subject)
    if obligation is not None:
        obligation_submit(obligation=obligation, actor=actor, text=text, through_subject=True)
