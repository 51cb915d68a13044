"""Conventions (signatures) and checklist versions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.models import Organisation
from selfregulation.models import ChecklistItem, ChecklistSection, ChecklistTemplate, Convention, ConventionSignature


@acting
@transaction.atomic
def convention_sign(
    *, convention: Convention, organisation: Organisation, actor, signed_on: dt.date | None = None
) -> ConventionSignature:
    """A member's manager (or staff, recording a paper signature) signs the convention for the company."""
    if not actor.may_manage(organisation.pk):
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
    return Organisation.objects.filter(pk__in=user.manageable_organisation_ids()).members()


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


# --- reference data written in the admin: conventions and checklist versions -----------------------

CONVENTION_FIELDS = ("title", "line", "version", "document", "adopted_on", "summary")
CHECKLIST_FIELDS = ("code", "version", "title", "line", "is_current")
SECTION_FIELDS = ("template", "order", "title")
ITEM_FIELDS = ("section", "order", "code", "text", "reference", "max_score")


def _ensure_staff(actor) -> None:
    if actor is None or not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff edit conventions and checklists."))


def _apply(obj, fields: dict, allowed) -> list[str]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    return changed


@acting
@transaction.atomic
def convention_create(*, actor, **fields) -> Convention:
    _ensure_staff(actor)
    convention = Convention()
    _apply(convention, fields, CONVENTION_FIELDS)
    convention.full_clean()
    convention.save()
    return convention


@acting
@transaction.atomic
def convention_update(*, convention: Convention, actor, **fields) -> Convention:
    _ensure_staff(actor)
    changed = _apply(convention, fields, CONVENTION_FIELDS)
    if changed:
        convention.full_clean()
        convention.save(update_fields=changed)
    return convention


@acting
@transaction.atomic
def convention_delete(*, convention: Convention, actor) -> None:
    """Only a convention nobody signed (the signatures are the record); otherwise adopt a new version."""
    _ensure_staff(actor)
    if convention.signatures.exists():
        raise ValidationError(_("Members have signed this convention; it cannot be deleted."))
    convention.delete()


@acting
@transaction.atomic
def signature_delete(*, signature: ConventionSignature, actor) -> None:
    """Staff remove a signature recorded by mistake."""
    _ensure_staff(actor)
    signature.delete()


def _ensure_editable(template: ChecklistTemplate) -> None:
    if template.pk and template.inspections.exists():
        raise ValidationError(_("This checklist version is used by inspections; make a new version to edit."))


def _make_only_current(template: ChecklistTemplate) -> None:
    if template.is_current:
        ChecklistTemplate.objects.filter(code=template.code, is_current=True).exclude(pk=template.pk).update(
            is_current=False
        )


@acting
@transaction.atomic
def checklist_create(*, actor, **fields) -> ChecklistTemplate:
    """A checklist (version); when it is the current version, the previous current one no longer is."""
    _ensure_staff(actor)
    template = ChecklistTemplate()
    _apply(template, fields, CHECKLIST_FIELDS)
    _make_only_current(template)
    template.full_clean()
    template.save()
    return template


@acting
@transaction.atomic
def checklist_update(*, template: ChecklistTemplate, actor, **fields) -> ChecklistTemplate:
    _ensure_staff(actor)
    _ensure_editable(template)
    changed = _apply(template, fields, CHECKLIST_FIELDS)
    if changed:
        _make_only_current(template)
        template.full_clean()
        template.save(update_fields=changed)
    return template


@acting
@transaction.atomic
def checklist_delete(*, template: ChecklistTemplate, actor) -> None:
    _ensure_staff(actor)
    _ensure_editable(template)
    template.delete()


@acting
@transaction.atomic
def checklist_section_create(*, actor, template: ChecklistTemplate, **fields) -> ChecklistSection:
    _ensure_staff(actor)
    _ensure_editable(template)
    section = ChecklistSection(template=template)
    _apply(section, fields, SECTION_FIELDS)
    section.full_clean()
    section.save()
    return section


@acting
@transaction.atomic
def checklist_section_update(*, section: ChecklistSection, actor, **fields) -> ChecklistSection:
    _ensure_staff(actor)
    _ensure_editable(section.template)
    changed = _apply(section, fields, SECTION_FIELDS)
    if changed:
        _ensure_editable(section.template)  # also the checklist it moves to
        section.full_clean()
        section.save(update_fields=changed)
    return section


@acting
@transaction.atomic
def checklist_section_delete(*, section: ChecklistSection, actor) -> None:
    _ensure_staff(actor)
    _ensure_editable(section.template)
    section.delete()


def _check_item(item: ChecklistItem) -> None:
    if item.section_id and item.section.template_id != item.template_id:
        raise ValidationError({"section": _("Choose a section of this checklist.")})
    item.full_clean()


@acting
@transaction.atomic
def checklist_item_create(*, actor, template: ChecklistTemplate, **fields) -> ChecklistItem:
    _ensure_staff(actor)
    _ensure_editable(template)
    item = ChecklistItem(template=template)
    _apply(item, fields, ITEM_FIELDS)
    _check_item(item)
    item.save()
    return item


@acting
@transaction.atomic
def checklist_item_update(*, item: ChecklistItem, actor, **fields) -> ChecklistItem:
    _ensure_staff(actor)
    _ensure_editable(item.template)
    changed = _apply(item, fields, ITEM_FIELDS)
    if changed:
        _check_item(item)
        item.save(update_fields=changed)
    return item


@acting
@transaction.atomic
def checklist_item_delete(*, item: ChecklistItem, actor) -> None:
    _ensure_staff(actor)
    _ensure_editable(item.template)
    item.delete()
