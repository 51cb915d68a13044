"""Case numbers: ``<prefix>-<year>-<5 digits>``, per year, without gaps or duplicates.

The year's counter row is created if missing (INSERT … ON CONFLICT DO NOTHING, safe when two
transactions race) and then locked with SELECT … FOR UPDATE: concurrent creations queue on that
row, and a rolled-back creation rolls its increment back too, so no number is lost.
"""

from django.conf import settings
from django.db import connection, transaction

from mediation.models import CaseNumberCounter


def case_prefix() -> str:
    return getattr(settings, "MEDIATION_CASE_PREFIX", "TJ")


def format_case_number(year: int, seq: int) -> str:
    return f"{case_prefix()}-{year}-{seq:05d}"


def next_case_number(year: int) -> str:
    """Take the next number of ``year``. Must run inside the transaction that stores the case."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_case_number must be called inside transaction.atomic")
    table = CaseNumberCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (year, last) VALUES (%s, 0) ON CONFLICT (year) DO NOTHING", [year])
    counter = CaseNumberCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_case_number(year, counter.last)
