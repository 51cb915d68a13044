"""Public-opinion alerts: record (contact A told at once), acknowledge, escalate to B, close."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import AWAITING_MEMBER, ContactDuty, ContactSlot, ObligationKind, Role
from association.models import ContactPerson, Membership, Notification, Organisation, OutboundEmail
from association.services.obligations import obligation_cancel, obligation_create
from campaigns.alerting import alert_deadlines
from campaigns.choices import AlertSeverity, AlertStatus
from campaigns.models import OpinionAlert
from campaigns.services.permissions import ensure_may_act_for, ensure_staff
from messaging.services.dispatch import urgent_notify

#: the duty whose A/B contacts receive alerts; the general liaison is the fallback
DUTIES = (ContactDuty.PUBLICITY, ContactDuty.GENERAL)


def publicity_contact(organisation: Organisation, slot: str) -> ContactPerson | None:
    """The organisation's publicity contact in ``slot`` (else its general liaison; else its parent's)."""
    chain = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
    contacts = {
        (c.organisation_id, c.duty): c
        for c in ContactPerson.objects.filter(organisation_id__in=chain, duty__in=DUTIES, slot=slot)
    }
    for org_id in chain:
        for duty in DUTIES:
            if (org_id, duty) in contacts:
                return contacts[(org_id, duty)]
    return None


def _describe(contact: ContactPerson | None) -> str:
    if contact is None:
        return ""
    return f"{contact.name} {contact.phone} {contact.email}"[:200]


def _tell(alert: OpinionAlert, contact: ContactPerson | None, *, escalated: bool) -> None:
    """E-mail the contact; notify the company's users (and its parent's) in the portal."""
    with translation.override(settings.LANGUAGE_CODE):
        prefix = _("Not acknowledged, now to contact B") if escalated else _("Public-opinion alert")
        title = f"{prefix}: {alert.organisation} · {alert.get_severity_display()} · {alert.source}"[:300]
        due = timezone.localtime(alert.response_due_at).strftime("%Y-%m-%d %H:%M")
        body = _("%(summary)s\nLink: %(link)s\nRespond by %(due)s (Beijing time); acknowledge in the portal.") % {
            "summary": alert.summary,
            "link": alert.link or "—",
            "due": due,
        }
    if contact is not None and contact.email:
        OutboundEmail.objects.create(to=[contact.email], subject=title, body=body)

        def deliver():
            from association.tasks import outbox_deliver_task

            outbox_deliver_task.delay()

        transaction.on_commit(deliver)
    chain = [alert.organisation_id] + ([alert.organisation.parent_id] if alert.organisation.parent_id else [])
    roles = [Role.MEMBER_MANAGER, Role.MEMBER_REPORTER] if not escalated else [Role.MEMBER_MANAGER]
    user_ids = set(
        Membership.objects.filter(organisation_id__in=chain, role__in=roles, is_active=True).values_list(
            "user_id", flat=True
        )
    )
    url = reverse("campaigns-alert-detail", args=[alert.pk])
    level = "danger" if escalated or alert.severity in (AlertSeverity.HIGH, AlertSeverity.CRITICAL) else "warning"
    Notification.objects.bulk_create(
        [Notification(user_id=u, title=title, body=body, url=url, level=level) for u in user_ids]
    )


@acting
@transaction.atomic
def alert_record(
    *,
    actor,
    organisation: Organisation,
    source: str,
    summary: str,
    severity: str,
    link: str = "",
    detected_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> OpinionAlert:
    """Record an item; contact A is notified at once and the company owes a response by the deadline."""
    ensure_staff(actor)
    now = now or timezone.now()
    if severity not in AlertSeverity.values:
        raise ValidationError({"severity": _("Choose a severity.")})
    if not organisation.is_member_company:
        raise ValidationError({"organisation": _("The company concerned must be a member company.")})
    acknowledge_by, respond_by = alert_deadlines(severity, now)
    contact = publicity_contact(organisation, ContactSlot.A)
    alert = OpinionAlert(
        organisation=organisation,
        source=(source or "").strip(),
        link=(link or "").strip(),
        summary=(summary or "").strip(),
        severity=severity,
        detected_at=detected_at or now,
        contact_a=_describe(contact),
        notified_a_at=now,
        acknowledge_by=acknowledge_by,
        response_due_at=respond_by,
        recorded_by=actor,
        created_at=now,
    )
    alert.full_clean(exclude=["obligation"])
    if alert.detected_at > now:
        raise ValidationError({"detected_at": _("The item cannot be detected in the future.")})
    alert.save()
    alert.obligation = obligation_create(
        organisation=organisation,
        kind=ObligationKind.OPINION_RESPONSE,
        title=(_("Response to a public-opinion alert: %(source)s") % {"source": alert.source})[:300],
        description=alert.summary,
        due_at=respond_by,
        subject=alert,
        actor=actor,
        dedupe_key=f"opinion-response:{alert.pk}",
    )
    alert.save(update_fields=["obligation"])
    _tell(alert, contact, escalated=False)
    _tell_urgently(alert, now)
    return alert


def _tell_urgently(alert: OpinionAlert, now: dt.datetime) -> None:
    """Through the urgent channels too: the company's robots and contact A's phone; a severe item (high or
    critical) climbs the ladder A → B → manager → staff until someone acknowledges."""
    severe = alert.severity in (AlertSeverity.HIGH, AlertSeverity.CRITICAL)
    with translation.override(settings.LANGUAGE_CODE):
        title = f"{_('Public-opinion alert')}: {alert.organisation} · {alert.get_severity_display()} · {alert.source}"
        due = timezone.localtime(alert.response_due_at).strftime("%Y-%m-%d %H:%M")
        body = _("%(summary)s\nRespond by %(due)s (Beijing time).") % {"summary": alert.summary, "due": due}
    urgent_notify(
        organisation=alert.organisation,
        kind="opinion_alert_severe" if severe else "opinion_alert",
        title=title[:300],
        body=body,
        url=reverse("campaigns-alert-detail", args=[alert.pk]),
        subject=alert,
        duty=ContactDuty.PUBLICITY,
        dedupe_key=f"opinion-alert:{alert.pk}",
        now=now,
    )


def alert_acknowledged_by_link(*, message, delivery) -> None:
    """The hook of ``messaging``: acknowledging the urgent message through its link acknowledges the alert
    (recorded with the time; the person is named in the message's acknowledgement, not as a portal user)."""
    if message.subject_type is None or message.subject_type.model_class() is not OpinionAlert:
        return
    OpinionAlert.objects.filter(pk=message.subject_id, status__in=[AlertStatus.NOTIFIED, AlertStatus.ESCALATED]).filter(
        acknowledged_at__isnull=True
    ).update(acknowledged_at=message.acknowledged_at, status=AlertStatus.ACKNOWLEDGED)


@acting
@transaction.atomic
def alert_acknowledge(*, actor, alert: OpinionAlert, now: dt.datetime | None = None) -> OpinionAlert:
    ensure_may_act_for(actor, alert.organisation_id)
    alert = OpinionAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.CLOSED:
        raise ValidationError(_("This alert is closed."))
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = now or timezone.now(), actor
        alert.status = AlertStatus.ACKNOWLEDGED
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "status"])
    return alert


def alerts_escalate(*, now: dt.datetime | None = None) -> int:
    """Periodic: contact B of every alert whose contact A has not acknowledged in time (each once)."""
    now = now or timezone.now()
    done = 0
    due = OpinionAlert.objects.filter(status=AlertStatus.NOTIFIED, escalated_at__isnull=True, acknowledge_by__lt=now)
    for pk in due.values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            alert = (
                OpinionAlert.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=AlertStatus.NOTIFIED, escalated_at__isnull=True)
                .select_related("organisation")
                .first()
            )
            if alert is None:
                continue
            contact = publicity_contact(alert.organisation, ContactSlot.B)
            alert.status, alert.escalated_at, alert.contact_b = AlertStatus.ESCALATED, now, _describe(contact)
            alert.save(update_fields=["status", "escalated_at", "contact_b"])
            _tell(alert, contact, escalated=True)
            done += 1
    return done


@acting
@transaction.atomic
def alert_close(*, actor, alert: OpinionAlert, outcome: str) -> OpinionAlert:
    ensure_staff(actor)
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Describe the outcome.")})
    alert = OpinionAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.CLOSED:
        raise ValidationError(_("This alert is already closed."))
    alert.status, alert.outcome, alert.closed_at, alert.closed_by = (
        AlertStatus.CLOSED,
        outcome.strip(),
        timezone.now(),
        actor,
    )
    alert.save(update_fields=["status", "outcome", "closed_at", "closed_by"])
    if alert.obligation is not None and alert.obligation.status in AWAITING_MEMBER:
        obligation_cancel(obligation=alert.obligation, actor=actor, reason=_("Alert closed."))
    return alert
