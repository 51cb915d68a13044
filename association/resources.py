"""django-import-export resources for organisations and contacts (xlsx, CSV in UTF-8 or GBK)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from association.choices import ContactDuty, ContactSlot, MembershipStatus, OrganisationKind, OrganisationTier
from association.credit_code import normalise_credit_code
from association.importing import ChoiceWidget, FlexibleDateWidget, StrictForeignKeyWidget
from association.models import ContactPerson, Organisation, Region


class StrictResource(resources.ModelResource):
    """Validates every row with the model's rules and rejects a key repeated in one file."""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        missing = [f for f in self.required_columns if f not in (dataset.headers or [])]
        if missing:
            raise ValidationError(_("Missing columns: %(cols)s") % {"cols": ", ".join(missing)})
        self._seen_keys = {}

    required_columns: tuple[str, ...] = ()

    def row_key(self, row) -> tuple:
        return tuple(str(row.get(f) or "").strip().upper() for f in self._meta.import_id_fields)

    def before_import_row(self, row, **kwargs):
        key = self.row_key(row)
        line = kwargs.get("row_number", 0) + 1
        if key in self._seen_keys:
            raise ValidationError(
                {
                    self._meta.import_id_fields[0]: _("duplicate of line %(line)d in the same file")
                    % {"line": self._seen_keys[key]}
                }
            )
        self._seen_keys[key] = line
        for name, value in list(row.items()):
            if isinstance(value, str):
                row[name] = value.strip()


class OrganisationResource(StrictResource):
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

    def before_import_row(self, row, **kwargs):
        if row.get("credit_code"):
            row["credit_code"] = normalise_credit_code(str(row["credit_code"]))
        super().before_import_row(row, **kwargs)


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

    def row_key(self, row):
        return (
            normalise_credit_code(str(row.get("organisation_credit_code") or "")),
            str(row.get("duty") or "").strip().lower(),
            str(row.get("slot") or "").strip().upper(),
        )

    def before_import_row(self, row, **kwargs):
        for col in ("phone", "office_phone"):
            if isinstance(row.get(col), (int, float)):  # Excel turns phone numbers into numbers
                row[col] = str(int(row[col]))
        super().before_import_row(row, **kwargs)
