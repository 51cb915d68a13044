"""Point 2 (and the history half of point 1): consumers' personal data is ciphertext at rest, in the cases
table and in every history row; the ID number is found by its keyed hash; keys rotate; rows written before
the encryption are encrypted by the same code the migration runs."""

import pgtrigger
import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from association.encryption import is_encrypted, keyed_hash
from mediation.models import Case
from mediation.services.cases import case_update
from tests.mediation.helpers import ID_A, ID_B, make_case

pytestmark = pytest.mark.django_db

PLAIN = ["张三", ID_A, "13812341234"]


def raw_rows(table, where):
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT consumer_name, consumer_id_number, consumer_phone, consumer_id_hash FROM "{table}" WHERE {where}'
        )
        return cursor.fetchall()


def test_personal_data_is_ciphertext_in_the_table_and_its_history(world):
    case = make_case(world)
    case_update(case=case, actor=world.users["staff"], consumer_phone="13900001111")
    rows = raw_rows("mediation_case", f"id = {case.pk}") + raw_rows("mediation_caseevent", f"pgh_obj_id = {case.pk}")
    assert len(rows) == 3  # the case, its insert and its update event
    for name, id_number, phone, id_hash in rows:
        assert {name, id_number, phone}.isdisjoint({*PLAIN, "13900001111"})
        assert is_encrypted(name) and is_encrypted(id_number) and is_encrypted(phone)
        assert id_hash == keyed_hash(ID_A) and ID_A not in id_hash
    fresh = Case.objects.get(pk=case.pk)
    assert [fresh.consumer_name, fresh.consumer_id_number, fresh.consumer_phone] == ["张三", ID_A, "13900001111"]


def test_cases_are_found_by_the_exact_id_number(world):
    case = make_case(world)
    make_case(world, consumer_id_number=ID_B)
    assert list(Case.objects.with_consumer_id_number(ID_A)) == [case]
    assert list(Case.objects.with_consumer_id_number(ID_A[:-1] + "0")) == []
    case_update(case=case, actor=world.users["staff"], consumer_id_number=ID_B)
    assert Case.objects.with_consumer_id_number(ID_B).count() == 2
    assert Case.objects.with_consumer_id_number(ID_A).count() == 0


def test_rows_written_before_the_encryption_are_encrypted_like_the_migration_does(world):
    case = make_case(world)
    with pgtrigger.ignore(), connection.cursor() as cursor:  # as the rows were before migration 0007
        cursor.execute(
            "UPDATE mediation_case SET consumer_name=%s, consumer_id_number=%s, consumer_phone=%s, consumer_id_hash=''"
            " WHERE id=%s",
            [*PLAIN, case.pk],
        )
        cursor.execute(
            "UPDATE mediation_caseevent SET consumer_name=%s, consumer_id_number=%s, consumer_phone=%s",
            PLAIN,
        )
    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for row in raw_rows("mediation_case", "true") + raw_rows("mediation_caseevent", "true"):
        assert set(row[:3]).isdisjoint(PLAIN) and row[3] == keyed_hash(ID_A)
    assert Case.objects.get(pk=case.pk).consumer_id_number == ID_A
    assert raw_rows("mediation_caseevent", "true") and Case.objects.with_consumer_id_number(ID_A).count() == 1


def test_keys_rotate_and_the_old_key_can_then_be_dropped(world, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    case = make_case(world)
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.FIELD_ENCRYPTION_KEYS = [new]
    settings.SALT_KEY = ["another-salt"]  # nor do the derived keys read it: only the new key does
    assert Case.objects.get(pk=case.pk).consumer_id_number == ID_A
    events = Case.pgh_event_model.objects.filter(pgh_obj_id=case.pk)
    assert [e.consumer_phone for e in events] == ["13812341234"]


def test_the_case_search_finds_a_full_id_number_for_those_who_may_see_it(client, world):
    from tests.conftest import client_for

    case = make_case(world)
    make_case(world, consumer_id_number=ID_B)
    staff = client_for(client, world.users["staff"]).get("/mediation/cases/", {"q": ID_A})
    assert list(staff.context["cases"]) == [case]
    member = client_for(client, world.users["member_a_manager"]).get("/mediation/cases/", {"q": ID_A})
    assert list(member.context["cases"]) == []  # members never see the ID number: no search by it either
