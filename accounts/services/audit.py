"""The account audit: every sign-in, failure, lock-out, reset, two-factor change and invitation."""

from __future__ import annotations

from accounts.models import AccountEvent


def client_ip(request) -> str | None:
    """The address the request came from (``REMOTE_ADDR``: the proxy in front sets it; see README)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def account_event_record(*, kind: str, user=None, username: str = "", actor=None, request=None, detail: str = ""):
    """Write one audit line. ``user`` is whose account it is, ``actor`` who did it (default: the user)."""
    if user is not None and not getattr(user, "pk", None):
        user = None
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return AccountEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or getattr(user, "username", "") or "")[:150],
        actor=actor if getattr(actor, "pk", None) else user,
        ip=client_ip(request),
        user_agent=agent[:300],
        detail=detail[:300],
    )
