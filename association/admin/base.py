"""The admin base every app's admin derives from: one scope and one way to write.

**Scope.** ``get_queryset`` starts from ``Model.objects.visible_to(request.user)``, like the portal and the
API. A model without ``visible_to`` (reference data, framework rows) is scoped by ``scope_queryset``,
which shows its rows to association staff only unless the admin says otherwise.

**Writes go through the services.** A ModelAdmin states which service creates, updates and deletes its rows
by defining the hooks ``service_create(request, fields)``, ``service_update(request, obj, changes)`` and
``service_delete(request, obj)``; an inline (:class:`ServiceInline`) does the same with
``service_create(request, parent, fields)``. ``save_model``, ``delete_model``, ``delete_queryset``,
``save_related`` and ``save_formset`` call them with ``actor=request.user`` (the hooks pass it on); the
form's ``instance`` is never saved by the admin itself. What an admin has no hook for it may not do:
``has_add_permission`` / ``has_change_permission`` / ``has_delete_permission`` answer ``False``, so a
model whose writes have rules is read-only until a service is named. Fields whose change has its own rule
(an obligation's status and due time, a case's status) stay read-only and are changed by an action that
calls the service (:meth:`ScopedAdminMixin.run_action_form` renders the form such an action needs).
Only reference data whose change has no rule beyond the model's validation sets ``plain_writes = True``.

A service that refuses (``ValidationError``, ``PermissionDenied``) rolls the whole save back, inlines
included, and the form is shown again with the service's message.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export.admin import ImportExportModelAdmin
from import_export.forms import SelectableFieldsExportForm

from association.importing import FORMATS, ImportAdminMessagesMixin


class ServiceRefused(Exception):
    """A service said no while the admin was saving (carries the service's ``ValidationError``)."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error

    @property
    def messages(self) -> list[str]:
        return self.error.messages


@contextmanager
def refusals():
    """Turn a service's refusal into :class:`ServiceRefused` (the admin then shows it on the form)."""
    try:
        yield
    except ValidationError as exc:
        raise ServiceRefused(exc) from exc
    except PermissionDenied as exc:
        raise ServiceRefused(ValidationError(str(exc) or _("You may not do this."))) from exc


def model_field_names(model) -> set[str]:
    """Fields a form can set: concrete fields and many-to-many fields (not reverse relations)."""
    names = set()
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue
        if field.concrete or field.many_to_many:
            names.add(field.name)
    return names


def adopt(target: models.Model, source: models.Model) -> None:
    """Make the admin's form instance ``target`` the row the service wrote (``source``)."""
    if target is source:
        return
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False
    target._state.db = source._state.db


class _WritesThroughServices:
    """What ScopedAdminMixin and ServiceInline share: the hooks and the permissions that follow from them."""

    #: reference data whose change has no rule beyond the model's own validation: Django saves it
    plain_writes = False
    service_create = None
    service_update = None
    service_delete = None

    def _may_write(self, hook: str) -> bool:
        return self.plain_writes or getattr(self, hook, None) is not None

    def has_add_permission(self, request, *args, **kwargs):
        return self._may_write("service_create") and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return self._may_write("service_update") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_write("service_delete") and super().has_delete_permission(request, obj)

    def service_fields(self, form, change: bool, exclude=()) -> dict:
        """The values the service gets: every model field of the form (add) or the changed ones (change).
        A file left alone is not passed; a cleared one is passed as ``""``."""
        model = form._meta.model
        names = model_field_names(model) - {"id", *exclude}
        wanted = form.changed_data if change else list(form.cleaned_data)
        fields = {}
        for name in wanted:
            if name not in names or name not in form.cleaned_data:
                continue
            value = form.cleaned_data[name]
            if isinstance(model._meta.get_field(name), models.FileField):
                if value is None:
                    continue
                value = "" if value is False else value
            fields[name] = value
        return fields


class ServiceInline(_WritesThroughServices):
    """An inline whose rows are written by services: ``service_create(request, parent, fields)``,
    ``service_update(request, obj, changes)``, ``service_delete(request, obj)``. Without hooks it is read-only."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.service_inline = self
        return formset


class ScopedAdminMixin(_WritesThroughServices):
    """Scope from ``visible_to``; writes through the admin's service hooks (see the module)."""

    # --- reading ---------------------------------------------------------------------------
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if hasattr(qs, "visible_to"):
            return qs.visible_to(request.user)
        return self.scope_queryset(request, qs)

    def scope_queryset(self, request, qs):
        """For a model without ``visible_to``: reference data, which association staff read."""
        return qs if request.user.is_association_staff else qs.none()

    # --- writing ---------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        if self.plain_writes:
            return super().save_model(request, obj, form, change)
        with refusals():
            if change:
                current = self.model._default_manager.get(pk=obj.pk)  # as stored, before the form's values
                changes = self.service_fields(form, change=True)
                saved = self.service_update(request, current, changes) if changes else current
            else:
                saved = self.service_create(request, self.service_fields(form, change=False))
        adopt(obj, saved or obj)

    def save_related(self, request, form, formsets, change):
        if self.plain_writes:
            return super().save_related(request, form, formsets, change)
        # many-to-many fields went to the service with the other fields: no form.save_m2m() here
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        inline = getattr(formset, "service_inline", None)
        if inline is None or inline.plain_writes:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        model, parent = formset.model, form.instance
        with refusals():
            for inline_form in formset.forms:
                pk = inline_form.instance.pk if inline_form in formset.initial_forms else None
                if formset.can_delete and formset._should_delete_form(inline_form):
                    if pk is not None:
                        current = model._default_manager.get(pk=pk)
                        inline.service_delete(request, current)
                        formset.deleted_objects.append(current)
                    continue
                if not inline_form.has_changed():
                    continue
                if pk is None:
                    fields = inline.service_fields(inline_form, change=False, exclude=[formset.fk.name])
                    saved = inline.service_create(request, parent, fields)
                    formset.new_objects.append(saved)
                else:
                    changes = inline.service_fields(inline_form, change=True, exclude=[formset.fk.name])
                    saved = inline.service_update(request, model._default_manager.get(pk=pk), changes)
                    formset.changed_objects.append((saved, list(changes)))
                if saved is not None:
                    adopt(inline_form.instance, saved)

    def delete_model(self, request, obj):
        if self.plain_writes:
            return super().delete_model(request, obj)
        with refusals():
            self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        if self.plain_writes:
            return super().delete_queryset(request, queryset)
        for obj in queryset:
            try:
                self.delete_model(request, obj)
            except ServiceRefused as refused:
                self.message_user(request, f"{obj}: {' '.join(refused.messages)}", messages.ERROR)

    # --- a refusal is shown on the form, not as a server error --------------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:  # everything was rolled back: show the form again, with the reason
            request._service_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form_class
        return type(form_class.__name__, (_RefusedForm, form_class), {"refusal": refusal})

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceRefused as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            info = (self.opts.app_label, self.opts.model_name)
            return HttpResponseRedirect(reverse(f"admin:{info[0]}_{info[1]}_change", args=[object_id]))

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except ServiceRefused as refused:  # list_editable: nothing of the page was saved
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- actions that need input ------------------------------------------------------------
    def run_action_form(self, request, queryset, *, form_class, title: str, apply, done_message: str):
        """An action that needs input (a new due time, a comment): the first call shows ``form_class`` for the
        selected rows; the confirmed form calls ``apply(obj, cleaned_data)`` (a service) for each row.
        Returns ``None`` when done (the admin goes back to the list) or the page with the form."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for obj in queryset:
                try:
                    apply(obj, form.cleaned_data)
                except (ValidationError, PermissionDenied) as exc:
                    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                    self.message_user(request, f"{obj}: {text}", messages.ERROR)
                else:
                    done += 1
            if done:
                self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "queryset": queryset,
            "opts": self.opts,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/service_action_form.html", context)


class _RefusedForm:
    """Adds the refusal of the previous attempt to the form, which makes it invalid (nothing is saved)."""

    refusal: ValidationError

    def clean(self):
        cleaned = super().clean()
        if hasattr(self.refusal, "error_dict"):
            for field, errors in self.refusal.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, self.refusal.messages)
        return cleaned


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The admin base of every app (see the module)."""


class LabelledExportForm(SelectableFieldsExportForm):
    """The export form names each column as the model names its field (django-import-export writes the
    field's name in English, "Credit Code"); a column that is no model field keeps its column name."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        attribute = ((field.attribute if field else None) or field_name).split("__")[0]
        try:
            return capfirst(resource._meta.model._meta.get_field(attribute).verbose_name)
        except FieldDoesNotExist:
            return field.column_name if field else field_name


class ScopedImportExportAdmin(ImportAdminMessagesMixin, ScopedAdminMixin, ImportExportModelAdmin):
    """:class:`ScopedAdmin` with import and export (Chinese CSV/xlsx, UTF-8 with BOM)."""

    formats = FORMATS
    export_form_class = LabelledExportForm
    from_encoding = "utf-8-sig"

    def export_action(self, request):
        """A filter value the changelist cannot use (an impossible date) sends the person back to the list with
        the admin's "invalid filter" notice, as the changelist itself does, instead of a server error."""
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?e=1")


class ReadOnlyInline(ServiceInline, admin.TabularInline):
    """A tabular inline that shows rows written elsewhere (no hooks: no add, change or delete)."""

    extra = 0
