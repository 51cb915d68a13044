"""Account e-mail (password reset, security notices) goes through the portal's outbox: written in the
transaction that caused it, delivered by the outbox task with retries."""

from association.models import OutboundEmail


def outbox_add(*, to: list[str], subject: str, body: str) -> OutboundEmail:
    return OutboundEmail.objects.create(to=to, subject=subject[:300], body=body)
