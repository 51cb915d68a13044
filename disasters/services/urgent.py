"""The urgent clocks reach the companies through the urgent channels (``messaging``): one critical message
per affected company (its disaster contact A first, its robots, then up the ladder until acknowledged)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from association.choices import ContactDuty
from messaging.services.dispatch import urgent_notify

KIND = "disaster_urgent_clocks"


def tell_urgent_clocks(*, event, organisations, phone_due: dt.datetime, written_due: dt.datetime, rounds: dict,
                       now: dt.datetime) -> int:  # fmt: skip
    """One message per company and round (a second call sends nothing twice)."""
    url = reverse("disaster-event-list")
    with translation.override(settings.LANGUAGE_CODE):
        phone = timezone.localtime(phone_due).strftime("%H:%M")
        written = timezone.localtime(written_due).strftime("%H:%M")
        title = _("Disaster “%(event)s”: phone report by %(phone)s, written report by %(written)s") % {
            "event": event.title,
            "phone": phone,
            "written": written,
        }
        body = _(
            "The event is grade I or very sensitive. Phone the association by %(phone)s (30 minutes) and send the "
            "written report by %(written)s (1 hour), Beijing time."
        ) % {"phone": phone, "written": written}
    for org in organisations:
        urgent_notify(
            organisation=org,
            kind=KIND,
            title=title,
            body=body,
            url=url,
            subject=event,
            duty=ContactDuty.DISASTER,
            dedupe_key=f"disaster:{event.pk}:urgent:{org.pk}:r{rounds.get(org.pk, 1)}",
            now=now,
        )
    return len(organisations)
