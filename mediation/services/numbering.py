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


def reserve_case_numbers(year: int, count: int, *, skip: set[str] = frozenset()) -> list[str]:
    """Take ``count`` numbers of ``year`` at once (one lock), for an import.

    Numbers in ``skip`` (historic numbers the same file brings) or already stored are passed over, so
    that a reserved number never collides with one of them. Inside the importing transaction only.
    """
    from mediation.models import Case

    if count <= 0:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reserve_case_numbers must be called inside transaction.atomic")
    table = CaseNumberCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (year, last) VALUES (%s, 0) ON CONFLICT (year) DO NOTHING", [year])
    counter = CaseNumberCounter.objects.select_for_update().get(year=year)
    numbers: list[str] = []
    while len(numbers) < count:
        start = counter.last + 1
        block = [format_case_number(year, seq) for seq in range(start, start + count - len(numbers))]
        counter.last += len(block)
        taken = set(skip) | set(Case.objects.filter(number__in=block).values_list("number", flat=True))
        numbers += [n for n in block if n not in taken]
    counter.save(update_fields=["last"])
    return numbers
