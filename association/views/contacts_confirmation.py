"""The annual contacts confirmation page: one per company, showing the A and B contacts of the company and of
every branch, with "confirm as they are" and a link to correct each contact (issue 15, point 4)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from association.choices import AWAITING_MEMBER, ContactDuty, ObligationKind, required_contact_duties
from association.models import ContactPerson, Organisation
from association.selectors import obligations as selectors
from association.services.contact_obligations import confirmation_organisations, contacts_confirm, missing_contacts
from association.views.obligations import _decorate, countdown_labels


def _organisation_rows(organisations, contacts, *, user, back: str) -> list[dict]:
    """Per organisation (the company first, then its branches by name): the duties it must fill, then any other
    duty it has filled, each with its A and B contact (None where missing) and the address to edit it."""
    by_key = {(c.organisation_id, c.duty, c.slot): c for c in contacts}
    filled = {(c.organisation_id, c.duty) for c in contacts}
    rows = []
    for org in organisations:
        may_edit = user.may_manage(org.pk)
        required = required_contact_duties(org.kind)
        duties = [*required, *(d for d in ContactDuty if d not in required and (org.pk, d.value) in filled)]
        duty_rows = []
        for duty in duties:
            slots = []
            for slot in ("A", "B"):
                edit = reverse("contact-edit", args=[org.pk, duty.value, slot]) + f"?next={back}"
                slots.append(
                    {"slot": slot, "contact": by_key.get((org.pk, duty.value, slot)), "edit": edit if may_edit else ""}
                )
            duty_rows.append({"label": duty.label, "required": duty in required, "slots": slots})
        rows.append({"organisation": org, "duties": duty_rows})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def contacts_confirmation(request, pk):
    user = request.user
    obligation = get_object_or_404(
        selectors.obligation_list(user=user).filter(kind=ObligationKind.CONTACTS_CONFIRMATION), pk=pk
    )
    may_confirm = user.may_act_for(obligation.organisation_id)
    error = ""
    if request.method == "POST":
        if not may_confirm:
            raise PermissionDenied
        try:
            contacts_confirm(obligation=obligation, actor=user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The contacts were confirmed as they are and sent to the association."))
            return redirect("contacts-confirmation", pk=obligation.pk)
    covered = confirmation_organisations(obligation).values("pk")
    organisations = sorted(
        Organisation.objects.visible_to(user).filter(pk__in=covered),
        key=lambda o: (o.pk != obligation.organisation_id, o.name),
    )
    contacts = list(ContactPerson.objects.visible_to(user).filter(organisation__in=[o.pk for o in organisations]))
    _decorate([obligation])
    back = reverse("contacts-confirmation", args=[obligation.pk])
    last = obligation.submissions.select_related("submitted_by").order_by("-version").first()
    return render(
        request,
        "association/contacts/confirmation.html",
        {
            "obligation": obligation,
            "rows": _organisation_rows(organisations, contacts, user=user, back=back),
            "missing": missing_contacts(organisations, contacts),
            "may_confirm": may_confirm and obligation.status in AWAITING_MEMBER,
            "last_submission": last,
            "error": error,
            "countdown_labels": countdown_labels(),
        },
    )
