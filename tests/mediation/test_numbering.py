import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction

from mediation.models import Case
from mediation.services.numbering import next_case_number
from tests.mediation.helpers import make_case


@pytest.mark.django_db
def test_numbers_per_year_and_prefix(world, settings):
    settings.MEDIATION_CASE_PREFIX = "XJTJ"
    a = make_case(world, received_on=dt.date(2026, 1, 2))
    b = make_case(world, received_on=dt.date(2026, 5, 2))
    c = make_case(world, received_on=dt.date(2025, 12, 30))
    assert [a.number, b.number, c.number] == ["XJTJ-2026-00001", "XJTJ-2026-00002", "XJTJ-2025-00001"]


@pytest.mark.django_db
def test_a_rolled_back_creation_leaves_no_gap(world):
    make_case(world)
    try:
        with transaction.atomic():
            next_case_number(2026)
            raise RuntimeError
    except RuntimeError:
        pass
    assert make_case(world).number == "TJ-2026-00002"


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_has_no_gaps_or_duplicates(world):
    threads, errors, per_thread = 8, [], 5
    barrier = threading.Barrier(threads)

    def work():
        try:
            barrier.wait()
            for _ in range(per_thread):
                make_case(world)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert not errors
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [f"TJ-2026-{n:05d}" for n in range(1, threads * per_thread + 1)]
    assert connection.vendor == "postgresql"
