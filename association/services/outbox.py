"""Deliver the e-mail outbox. Each row is locked while sent, so two deliverers never send it twice; a row held
for the quiet hours (``not_before``) waits for their end."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from association.models import OutboundEmail

MAX_ATTEMPTS = 5


def outbox_deliver(*, limit: int = 200, now=None) -> int:
    sent = 0
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
            .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
            .order_by("created_at")[:limit]
        )
        if not rows:
            return 0
        connection = get_connection()
        for row in rows:
            message = EmailMessage(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, row.to, connection=connection)
            if row.attachment_path:
                message.attach_file(row.attachment_path)
            row.attempts += 1
            try:
                message.send()
            except Exception as exc:  # SMTP errors of every kind: keep the row, try again later
                row.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            else:
                row.sent_at = timezone.now()
                row.last_error = ""
                sent += 1
            row.save(update_fields=["attempts", "sent_at", "last_error"])
    return sent
