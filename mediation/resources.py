"""Import of historic cases (xlsx, CSV in UTF-8 or GBK): all or nothing, errors per line and column.

A row without ``number`` gets the next number of its received year (the same counter as new cases);
a row with one keeps it (historic numbering) and a repeated number is an error on its line. A case whose
mediation succeeded brings the date it succeeded (``closed_on``), a confirmed one the date of the ruling
(``ruling_date``): the statistics count each in the period it happened.

Built for files of tens of thousands of rows: existing cases are loaded in one query per file
(``CachedInstanceLoader``), respondents in one query, the numbers each year needs are reserved in one
block per year, and rows are written with ``bulk_create`` in batches (history triggers still fire).
"""

import uuid
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields
from import_export.instance_loaders import CachedInstanceLoader

from association.models import Organisation
from association.resources import (
    ChoiceWidget,
    FlexibleDateWidget,
    StrictDecimalWidget,
    StrictForeignKeyWidget,
    StrictResource,
)
from mediation.choices import SUCCESS_STATUSES, CaseSource, CaseStatus, ComplaintChannel, LineOfInsurance
from mediation.models import Case
from mediation.services.bulk import cases_create_imported, cases_update_imported
from mediation.services.numbering import next_case_number, reserve_case_numbers

PENDING = "IMPORT-PENDING-"


class CachedCompanyWidget(StrictForeignKeyWidget):
    """The respondent by credit code, from a per-file cache filled in one query (see before_import)."""

    cache: dict | None = None

    def clean(self, value, row=None, **kwargs):
        if self.cache is not None and isinstance(value, str) and value.strip().upper() in self.cache:
            return self.cache[value.strip().upper()]
        return super().clean(value, row, **kwargs)


def _missing_dates(case: Case) -> dict[str, str]:
    """The dates the statistics place a historic case by (the workflow always records them): the day its
    mediation succeeded, and the day of the court's ruling on a confirmed case."""
    missing = {}
    if case.status in SUCCESS_STATUSES and case.closed_on is None:
        missing["closed_on"] = _("A case whose mediation succeeded needs the date it succeeded (closed_on).")
    if case.status == CaseStatus.CONFIRMED and case.ruling_date is None:
        missing["ruling_date"] = _("A judicially confirmed case needs the date of the ruling (ruling_date).")
    return missing


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
    amount_in_dispute = fields.Field(
        attribute="amount_in_dispute", column_name="amount_in_dispute", widget=StrictDecimalWidget()
    )
    settlement_amount = fields.Field(
        attribute="settlement_amount", column_name="settlement_amount", widget=StrictDecimalWidget()
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
        instance_loader_class = CachedInstanceLoader
        use_bulk = True
        batch_size = 1000

    def before_import(self, dataset, **kwargs):
        if "number" not in (dataset.headers or []):  # numbers are optional: new ones are given out
            dataset.append_col([""] * len(dataset), header="number")
        super().before_import(dataset, **kwargs)
        if "respondent_credit_code" in (dataset.headers or []):
            codes = {str(c).strip().upper() for c in dataset["respondent_credit_code"] if c}
            widget = self.fields["respondent"].widget
            widget.cache = {o.credit_code: o for o in Organisation.objects.filter(credit_code__in=codes)}
        self._reserve_numbers(dataset)

    def _reserve_numbers(self, dataset):
        """One block of numbers per received year for the rows that bring none (rows whose date cannot
        be read need none: they fail, and a failed import rolls the reservation back)."""
        self._number_pool = {}
        if "received_on" not in (dataset.headers or []):
            return
        widget = self.fields["received_on"].widget
        explicit = {str(n).strip() for n in dataset["number"] if n not in (None, "") and str(n).strip()}
        needed = Counter()
        for number, received in zip(dataset["number"], dataset["received_on"], strict=True):
            if number in (None, "") or not str(number).strip():
                try:
                    day = widget.clean(received.strip() if isinstance(received, str) else received)
                except (ValueError, TypeError):
                    continue
                if day:
                    needed[day.year] += 1
        for year, count in needed.items():
            self._number_pool[year] = reserve_case_numbers(year, count, skip=explicit)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Like the base class, but the model's check constraints are not re-evaluated row by row:
        Case.clean() states the same rules (court for a referral, channel for a complaint) without a
        query, and the database still enforces them on insert."""
        errors = dict(import_validation_errors or {})
        errors |= {name: [message] for name, message in _missing_dates(instance).items() if name not in errors}
        try:
            # unique numbers: repeated in the file → StrictResource; already stored → that case is updated
            # the respondent came from the database (one query per file), so its existence is not
            # asked again per row; Case.clean() still checks it is a member company
            exclude = {*errors.keys(), *(("respondent",) if instance.respondent_id else ())}
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
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

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The batch goes through the import service (see ``mediation.services.bulk``)."""
        self._write_batch(self.create_instances, cases_create_imported, using_transactions, dry_run, raise_errors,
                          result, batch_size=batch_size)  # fmt: skip

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write_batch(self.update_instances, cases_update_imported, using_transactions, dry_run, raise_errors,
                          result, batch_size=batch_size, fields=self.get_bulk_update_fields())  # fmt: skip

    def _write_batch(self, instances, service, using_transactions, dry_run, raise_errors, result, **kwargs):
        if not instances or not (using_transactions or not dry_run):
            return
        try:
            service(cases=list(instances), actor=self.actor, **kwargs)
        except Exception as e:
            self.handle_import_error(result, e, raise_errors)
        finally:
            instances.clear()

    def save_instance(self, instance, is_create, row, **kwargs):
        if instance.number.startswith(PENDING):
            pool = getattr(self, "_number_pool", {}).get(instance.received_on.year)
            instance.number = pool.pop(0) if pool else next_case_number(instance.received_on.year)
        super().save_instance(instance, is_create, row, **kwargs)
