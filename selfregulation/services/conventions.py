"""Conventions (signatures) and checklist versions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.choices import Role
from association.models import Organisation
from selfregulation.models import ChecklistItem, ChecklistSection, ChecklistTemplate, Convention, ConventionSignature


@transaction.atomic
def convention_sign(
    *, convention: Convention, organisation: Organisation, actor, signed_on: dt.date | None = None
) -> ConventionSignature:
    """A member's manager (or staff, recording a paper signature) signs the convention for the company."""
    manages = actor.manageable_organisation_ids()
    if not (actor.is_association_staff or (manages and organisation.pk in manages)):
        raise PermissionDenied(_("Only the company's manager signs a convention."))
    if not organisation.is_member_company:
        raise ValidationError(_("Only member companies sign conventions."))
    if ConventionSignature.objects.filter(convention=convention, organisation=organisation).exists():
        raise ValidationError(_("%(company)s has already signed this convention.") % {"company": organisation})
    return ConventionSignature.objects.create(
        convention=convention, organisation=organisation, signed_on=signed_on or timezone.localdate(), signed_by=actor
    )


def signable_organisations(user):
    if user.is_association_staff:
        return Organisation.objects.members()
    roots = [m.organisation_id for m in user.active_memberships if m.role == Role.MEMBER_MANAGER]
    return Organisation.objects.filter(pk__in=roots)


@transaction.atomic
def checklist_new_version(*, template: ChecklistTemplate) -> ChecklistTemplate:
    """Copy the current version into a new one to edit; inspections keep the version they used."""
    ChecklistTemplate.objects.filter(code=template.code, is_current=True).update(is_current=False)
    latest = ChecklistTemplate.objects.filter(code=template.code).order_by("-version").first()
    new = ChecklistTemplate.objects.create(
        code=template.code, version=latest.version + 1, title=template.title, line=template.line, is_current=True
    )
    for section in template.sections.prefetch_related("items"):
        copy = ChecklistSection.objects.create(template=new, order=section.order, title=section.title)
        ChecklistItem.objects.bulk_create(
            [
                ChecklistItem(
                    template=new,
                    section=copy,
                    order=i.order,
                    code=i.code,
                    text=i.text,
                    reference=i.reference,
                    max_score=i.max_score,
                )
                for i in section.items.all()
            ]
        )
    return new
