"""A person's meetings and trainings as an iCalendar feed (RFC 5545, written by the icalendar package)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from governance.models import Meeting


def calendar_bytes(events, *, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//portal//governance//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", settings.PORTAL_NAME)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    now = timezone.now()
    for e in events:
        kind = "meeting" if isinstance(e, Meeting) else "training"
        event = Event()
        event.add("uid", f"{kind}-{e.pk}@{settings.PORTAL_NAME}")
        event.add("dtstamp", now)
        event.add("dtstart", e.starts_at)
        event.add("dtend", e.ends_at)
        event.add("summary", e.title)
        event.add("location", e.place or e.online_link)
        event.add("url", base_url + e.get_absolute_url())
        cal.add_component(event)
    return cal.to_ical()
