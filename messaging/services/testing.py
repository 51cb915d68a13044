"""Try the channels before it matters: one test message to every channel configured for an organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import ContactDuty
from association.models import Organisation
from messaging import recipients
from messaging.choices import DeliveryStatus, LadderStep
from messaging.models import Delivery, UrgentMessage
from messaging.services.delivery import deliver_now
from messaging.services.dispatch import urgent_notify

TEST_KIND = "channel_test"


@dataclass
class TestResult:
    message: UrgentMessage
    rows: list[Delivery]

    @property
    def all_ok(self) -> bool:
        return all(r.status == DeliveryStatus.SENT for r in self.rows)


@acting
def channels_test_send(*, actor=None, organisation: Organisation, now: dt.datetime | None = None) -> TestResult:
    """Send a test to every channel of ``organisation`` (its robots, its contact A's phone and e-mail) and
    wait for each answer: one try each, no retry and no fallback, so a failure is reported as it happened."""
    if actor is not None and not (actor.is_association_staff or actor.may_manage(organisation.pk)):
        raise PermissionDenied(_("Only association staff and the company's manager may send a test."))
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Test message from the association portal")
        body = _("This is a test of %(org)s's urgent channels. No action is needed.") % {"org": organisation.name}
    message = urgent_notify(
        organisation=organisation,
        kind=TEST_KIND,
        title=title,
        body=body,
        dedupe_key=f"test:{organisation.pk}:{now.isoformat()}",
        now=now,
        is_test=True,
        kick=False,
        duty=ContactDuty.DISASTER,  # the disaster contact A if named, else the general liaison
    )
    pending = Delivery.objects.filter(message=message, status=DeliveryStatus.PENDING).values_list("pk", flat=True)
    for pk in list(pending):
        deliver_now(pk, final=True)
    rows = list(
        Delivery.objects.filter(message=message, step=LadderStep.CONTACT_A)
        .exclude(via="portal")
        .select_related("channel")
        .order_by("id")
    )
    return TestResult(message, rows)


def configured(organisation: Organisation) -> dict:
    """What a test would reach (for the page before the button is pressed)."""
    return {
        "robots": recipients.robots(organisation),
        "sms": recipients.sms_gateway(organisation),
        "contact": recipients.contact(organisation, "", "A"),
    }
