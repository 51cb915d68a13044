"""Import of historic cases (xlsx, CSV in UTF-8 or GBK): all or nothing, errors per line and column.

A row without ``number`` gets the next number of its received year (the same counter as new cases);
a row with one keeps it (historic numbering) and a repeated number is an error on its line.
"""

import uuid

from django.core.exceptions import ValidationError
from import_export import fields

from association.models import Organisation
from association.resources import ChoiceWidget, FlexibleDateWidget, StrictForeignKeyWidget, StrictResource
from mediation.choices import CaseSource, CaseStatus, ComplaintChannel, LineOfInsurance
from mediation.models import Case
from mediation.services.numbering import next_case_number

PENDING = "IMPORT-PENDING-"


class CachedCompanyWidget(StrictForeignKeyWidget):
    """The respondent by credit code, from a per-file cache filled in one query (see before_import)."""

    cache: dict | None = None

    def clean(self, value, row=None, **kwargs):
        if self.cache is not None and isinstance(value, str) and value.strip().upper() in self.cache:
            return self.cache[value.strip().upper()]
        return super().clean(value, row, **kwargs)


class CaseResource(StrictResource):
    source = fields.Field(attribute="source", column_name="source", widget=ChoiceWidget(CaseSource))
    channel = fields.Field(attribute="channel", column_name="channel", widget=ChoiceWidget(ComplaintChannel))
    line = fields.Field(attribute="line", column_name="line", widget=ChoiceWidget(LineOfInsurance))
    status = fields.Field(attribute="status", column_name="status", widget=ChoiceWidget(CaseStatus))
    respondent = fields.Field(
        attribute="respondent",
        column_name="respondent_credit_code",
        widget=CachedCompanyWidget(Organisation, "credit_code"),
    )
    referral_date = fields.Field(attribute="referral_date", column_name="referral_date", widget=FlexibleDateWidget())
    received_on = fields.Field(attribute="received_on", column_name="received_on", widget=FlexibleDateWidget())
    accepted_on = fields.Field(attribute="accepted_on", column_name="accepted_on", widget=FlexibleDateWidget())
    closed_on = fields.Field(attribute="closed_on", column_name="closed_on", widget=FlexibleDateWidget())
    ruling_date = fields.Field(attribute="ruling_date", column_name="ruling_date", widget=FlexibleDateWidget())

    required_columns = ("source", "consumer_name", "respondent_credit_code", "line", "amount_in_dispute", "received_on")
    credit_code_columns = ("respondent_credit_code",)

    class Meta:
        model = Case
        import_id_fields = ("number",)
        fields = [
            "number",
            "source",
            "court",
            "referral_number",
            "referral_date",
            "channel",
            "consumer_name",
            "consumer_id_number",
            "consumer_phone",
            "respondent",
            "line",
            "amount_in_dispute",
            "received_on",
            "status",
            "accepted_on",
            "closed_on",
            "settlement_amount",
            "ruling_number",
            "ruling_date",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        if "number" not in (dataset.headers or []):  # numbers are optional: new ones are given out
            dataset.append_col([""] * len(dataset), header="number")
        super().before_import(dataset, **kwargs)
        if "respondent_credit_code" in (dataset.headers or []):
            codes = {str(c).strip().upper() for c in dataset["respondent_credit_code"] if c}
            widget = self.fields["respondent"].widget
            widget.cache = {o.credit_code: o for o in Organisation.objects.filter(credit_code__in=codes)}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Like the base class, but the model's check constraints are not re-evaluated row by row:
        Case.clean() states the same rules (court for a referral, channel for a complaint) without a
        query, and the database still enforces them on insert."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_import_row(self, row, **kwargs):
        for col in ("consumer_phone", "consumer_id_number"):
            if isinstance(row.get(col), int | float):  # Excel turns long digit strings into numbers
                row[col] = str(int(row[col]))
        for col in ("channel", "court", "referral_number", "status"):
            if row.get(col) is None and col in row:
                row[col] = ""
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.number:
            instance.number = PENDING + uuid.uuid4().hex[:12]
        if not instance.status:
            instance.status = CaseStatus.RECEIVED

    def save_instance(self, instance, is_create, row, **kwargs):
        if instance.number.startswith(PENDING):
            instance.number = next_case_number(instance.received_on.year)
        super().save_instance(instance, is_create, row, **kwargs)
