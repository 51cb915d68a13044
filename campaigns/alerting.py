"""Public-opinion alert deadlines, as pure functions (settings give the numbers)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

#: minutes contact A has to acknowledge before contact B is notified
DEFAULT_ACK_MINUTES = 30
#: hours the company has to respond, by severity
DEFAULT_RESPONSE_HOURS = {"critical": 2, "high": 4, "medium": 24, "low": 48}


def ack_minutes() -> int:
    return int(getattr(settings, "CAMPAIGNS_ALERT_ACK_MINUTES", DEFAULT_ACK_MINUTES))


def response_hours(severity: str) -> int:
    table = {**DEFAULT_RESPONSE_HOURS, **getattr(settings, "CAMPAIGNS_ALERT_RESPONSE_HOURS", {})}
    return int(table[severity])


def alert_deadlines(severity: str, notified_at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """(acknowledge by, respond by) for an alert notified at ``notified_at`` (aware). Alerts run 7x24,
    so these are clock hours, not working days."""
    if notified_at.tzinfo is None:
        raise ValueError("notified_at must be aware")
    return notified_at + dt.timedelta(minutes=ack_minutes()), notified_at + dt.timedelta(hours=response_hours(severity))
