"""django-import-export resources for organisations and contacts (xlsx, CSV in UTF-8 or GBK).

Every problem is reported against the line of the file (header = line 1) and the file's own
column name, in the admin as well as by ``run_import``; see ``StrictResource``.
"""

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import RowResult

from association.choices import ContactDuty, ContactSlot, MembershipStatus, OrganisationKind, OrganisationTier
from association.credit_code import normalise_credit_code
from association.importing import IncompleteImportError, MissingColumnsError
from association.models import ContactPerson, Organisation, Region
from association.services.contacts import CONTACT_FIELDS, contact_create, contact_update
from association.services.organisations import ORGANISATION_FIELDS, organisation_create, organisation_update


class FlexibleDateWidget(widgets.DateWidget):
    """Dates as 2024-03-01, 2024/3/1, 2024年3月1日, 20240301 or an Excel date cell."""

    FORMATS = (
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y.%m.%d",
        "%Y年%m月%d日",
        "%Y%m%d",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    )

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in self.FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date; use YYYY-MM-DD") % {"value": text})


class ChoiceWidget(widgets.Widget):
    """A choice given as its stored value, its Chinese label or its English label."""

    def __init__(self, choices_cls, **kwargs):
        self.choices_cls = choices_cls
        super().__init__(**kwargs)

    def names(self) -> dict[str, str]:
        """Values and labels in both languages (built once per widget: an import asks per row)."""
        if getattr(self, "_names", None) is None:
            self._names = self._build_names()
        return self._names

    def _build_names(self) -> dict[str, str]:
        names = {}
        for lang in ("en", "zh-hans"):
            with translation.override(lang):
                names.update({str(m.label).strip().lower(): m.value for m in self.choices_cls})
        names.update({m.value.lower(): m.value for m in self.choices_cls})
        return names

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        found = self.names().get(text.lower())
        if found is None:
            allowed = ", ".join(m.value for m in self.choices_cls)
            raise ValueError(_("“%(value)s” is not one of: %(allowed)s") % {"value": text, "allowed": allowed})
        return found

    def render(self, value, obj=None, **kwargs):
        return value or ""


class StrictDecimalWidget(widgets.DecimalWidget):
    """An amount: ``1234.5``, ``1,234.50`` or ``¥1234``; anything else is an error on its column."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip().replace(",", "").lstrip("¥￥")
        try:
            number = super().clean(value, row, **kwargs)
        except (ArithmeticError, ValueError, TypeError):
            raise ValueError(_("“%(value)s” is not a number") % {"value": value}) from None
        if number is not None and not number.is_finite():  # NaN, sNaN, Infinity
            raise ValueError(_("“%(value)s” is not a number") % {"value": value})
        return number


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by natural key, with an error that names what was not found."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip()
        try:
            return super().clean(text, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("no %(model)s with %(field)s “%(value)s”")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": text}
            ) from None


class StrictResource(resources.ModelResource):
    """All or nothing, with errors per file line and file column.

    * a missing required column is one clear error (not one per row);
    * the key columns are checked first, so a bad key is a validation error on its column;
    * a key repeated in one file is an error on the later line;
    * after a real run with any bad row, an error makes ``import_data`` roll back everything
      (the admin's confirm step does not ask for that by itself).
    """

    required_columns: tuple[str, ...] = ()
    credit_code_columns: tuple[str, ...] = ()

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        #: who imports: the admin passes the signed-in person (``user``), a task or a command its own;
        #: ``None`` is the system (a management command run by an operator)
        self.actor = actor

    def before_import(self, dataset, **kwargs):
        if kwargs.get("user") is not None and self.actor is None:
            self.actor = kwargs["user"]
        super().before_import(dataset, **kwargs)
        self._seen_keys = {}
        self._lines = list(getattr(dataset, "source_lines", None) or [])
        self._missing = [c for c in self.required_columns if c not in (dataset.headers or [])]
        if self._missing:
            raise MissingColumnsError(self._missing)

    def line_of(self, row_number) -> int:
        """The line in the file of data row ``row_number`` (1-based), the header being line 1."""
        lines = getattr(self, "_lines", None) or []
        if row_number and 0 < row_number <= len(lines):
            return lines[row_number - 1]
        return (row_number or 0) + 1

    def import_row(self, row, instance_loader, **kwargs):
        if getattr(self, "_missing", None):  # reported once, in before_import
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, **kwargs):
        for name, value in list(row.items()):
            if isinstance(value, str):
                row[name] = value.strip()
        for name in self.credit_code_columns:
            if row.get(name) not in (None, ""):
                row[name] = normalise_credit_code(str(row[name]))
        self._row_number = kwargs.get("row_number")
        self._key_errors = {}

    def get_instance(self, instance_loader, row):
        """The existing object for the row's key, after checking the key is not repeated in the file.

        A key that cannot be cleaned gives a new instance; ``import_instance`` then reports the
        bad value on its own column, together with every other problem of the row.
        """
        key = []
        for name in self.get_import_id_fields():
            try:
                value = self.fields[name].clean(row)
            except (ValueError, KeyError):
                return None
            key.append(getattr(value, "pk", value))
        key = tuple(key)
        if all(part not in (None, "") for part in key):
            if key in self._seen_keys:
                attribute = self.fields[self.get_import_id_fields()[0]].attribute
                message = _("duplicate of line %(line)d in the same file") % {"line": self._seen_keys[key]}
                self._key_errors = {attribute: [message]}
                return None
            self._seen_keys[key] = self.line_of(getattr(self, "_row_number", None))
        return super().get_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs):
        errors = dict(getattr(self, "_key_errors", None) or {})
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        """Rows are written by the same services as the portal, the API and the admin."""
        self.service_save(instance, is_create=is_create)

    def service_save(self, instance, *, is_create: bool) -> None:
        raise NotImplementedError(f"{type(self).__name__} names the service that writes a row")

    @staticmethod
    def values_of(instance, names) -> dict:
        return {name: getattr(instance, name) for name in names}

    def column_of(self, attribute) -> str:
        for field in self.get_import_fields():
            if field.attribute == attribute:
                return field.column_name
        return attribute

    def after_import(self, dataset, result, **kwargs):
        for invalid in result.invalid_rows:
            invalid.line = self.line_of(invalid.number)
            invalid.error_dict = {
                (key if key == NON_FIELD_ERRORS else self.column_of(key)): messages
                for key, messages in invalid.error_dict.items()
            }
        for error_row in result.error_rows:
            error_row.line = self.line_of(error_row.number)
        super().after_import(dataset, result, **kwargs)
        if not self._is_dry_run(kwargs) and (result.invalid_rows or result.error_rows):
            raise IncompleteImportError(_("Some rows are bad; nothing was imported."))


class OrganisationResource(StrictResource):
    def service_save(self, instance, *, is_create):
        fields = self.values_of(instance, ORGANISATION_FIELDS)
        if is_create:
            organisation_create(actor=self.actor, **fields)
        else:
            organisation_update(organisation=Organisation.objects.get(pk=instance.pk), actor=self.actor, **fields)

    credit_code = fields.Field(attribute="credit_code", column_name="credit_code")
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(OrganisationKind))
    tier = fields.Field(attribute="tier", column_name="tier", widget=ChoiceWidget(OrganisationTier))
    membership_status = fields.Field(
        attribute="membership_status", column_name="membership_status", widget=ChoiceWidget(MembershipStatus)
    )
    parent = fields.Field(
        attribute="parent", column_name="parent_credit_code", widget=StrictForeignKeyWidget(Organisation, "credit_code")
    )
    region = fields.Field(attribute="region", column_name="region_code", widget=StrictForeignKeyWidget(Region, "code"))
    joined_on = fields.Field(attribute="joined_on", column_name="joined_on", widget=FlexibleDateWidget())
    left_on = fields.Field(attribute="left_on", column_name="left_on", widget=FlexibleDateWidget())

    required_columns = ("credit_code", "name", "kind", "tier")
    credit_code_columns = ("credit_code", "parent_credit_code")

    class Meta:
        model = Organisation
        import_id_fields = ("credit_code",)
        fields = [
            "credit_code",
            "name",
            "short_name",
            "name_en",
            "kind",
            "tier",
            "parent",
            "region",
            "membership_status",
            "joined_on",
            "left_on",
            "address",
            "phone",
            "email",
            "is_active",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class ContactResource(StrictResource):
    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation_credit_code",
        widget=StrictForeignKeyWidget(Organisation, "credit_code"),
    )
    duty = fields.Field(attribute="duty", column_name="duty", widget=ChoiceWidget(ContactDuty))
    slot = fields.Field(attribute="slot", column_name="slot", widget=ChoiceWidget(ContactSlot))
    effective_from = fields.Field(attribute="effective_from", column_name="effective_from", widget=FlexibleDateWidget())

    required_columns = ("organisation_credit_code", "duty", "slot", "name", "phone", "email")
    credit_code_columns = ("organisation_credit_code",)

    class Meta:
        model = ContactPerson
        import_id_fields = ("organisation", "duty", "slot")
        fields = [
            "organisation",
            "duty",
            "slot",
            "name",
            "position",
            "phone",
            "office_phone",
            "email",
            "effective_from",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def service_save(self, instance, *, is_create):
        """Through the contact services, so a changed person records its change report (5 working days)."""
        if is_create:
            fields = self.values_of(instance, CONTACT_FIELDS)
            contact_create(actor=self.actor, organisation=instance.organisation, **fields)
        else:
            fields = self.values_of(instance, [f for f in CONTACT_FIELDS if f not in ("duty", "slot")])
            if getattr(self, "_row", {}).get("effective_from") in (None, ""):
                # no date in the file's row: the stored one stays; the service refuses a new person without one
                del fields["effective_from"]
            contact_update(actor=self.actor, contact=ContactPerson.objects.get(pk=instance.pk), **fields)

    def before_import_row(self, row, **kwargs):
        self._row = row
        for col in ("phone", "office_phone"):
            if isinstance(row.get(col), (int, float)):  # Excel turns phone numbers into numbers
                row[col] = str(int(row[col]))
        super().before_import_row(row, **kwargs)
