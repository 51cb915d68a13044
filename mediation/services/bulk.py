"""Bulk writes of cases, for the importer (historic cases, thousands of rows per file).

The importer validates every row to the same rules as ``case_create`` (``Case.clean()``: the source's
required fields, a member company as respondent, amounts, dates) and reserves case numbers in one
block per year; these services then write the rows in batches. The history triggers fire for each row
and the rows are recorded under the person who imported them (``@acting``, or the import task's
context).
"""

from __future__ import annotations

from django.db import transaction

from association.audit import acting
from mediation.models import Case


@acting
@transaction.atomic
def cases_create_imported(*, cases: list[Case], actor=None, batch_size: int = 1000) -> list[Case]:
    return Case.objects.bulk_create(cases, batch_size=batch_size)


@acting
@transaction.atomic
def cases_update_imported(*, cases: list[Case], fields: list[str], actor=None, batch_size: int = 1000) -> int:
    if "consumer_id_number" in fields:  # bulk_update skips pre_save: the keyed hash is computed here
        for case in cases:
            case.consumer_id_hash = Case._meta.get_field("consumer_id_hash").pre_save(case, False)
        fields = [*fields, "consumer_id_hash"]
    return Case.objects.bulk_update(cases, fields, batch_size=batch_size)
