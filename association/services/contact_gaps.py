"""The contacts registry gap report: member companies missing an A or B contact for a duty."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from association.choices import ContactDuty, ContactSlot, MembershipStatus, Role, required_contact_duties
from association.models import ContactPerson, Organisation, User


def contact_gaps() -> list[dict]:
    """Per member organisation in good standing: which duty/slot pairs its kind must fill
    (``REQUIRED_CONTACT_DUTIES``) have no contact. Pure read."""
    filled = set(
        ContactPerson.objects.filter(organisation__membership_status=MembershipStatus.MEMBER).values_list(
            "organisation_id", "duty", "slot"
        )
    )
    gaps = []
    members = Organisation.objects.members().filter(membership_status=MembershipStatus.MEMBER).order_by("name")
    for org in members.only("id", "name", "kind"):
        missing = [
            {"duty": duty, "slot": slot, "label": ContactDuty(duty).label}
            for duty in required_contact_duties(org.kind)
            for slot in ContactSlot.values
            if (org.id, duty, slot) not in filled
        ]
        if missing:
            gaps.append({"organisation": org, "missing": missing})
    return gaps


def contact_gap_report_send() -> int:
    """E-mail the gap report to association staff. Returns the number of organisations with gaps."""
    gaps = contact_gaps()
    recipients = list(
        User.objects.filter(is_active=True, memberships__role=Role.STAFF, memberships__is_active=True, email__gt="")
        .values_list("email", flat=True)
        .distinct()
    )
    if recipients:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "association/email/contact_gaps.txt",
                {"gaps": gaps, "now": timezone.localtime()},
            )
            subject = f"{settings.PORTAL_NAME}: 联系人登记缺项 {len(gaps)}"
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(gaps)
