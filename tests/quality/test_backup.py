"""The backup and restore the README documents (quality gate 6): a dump of the database and the media
files, restored into an empty database and media folder, gives back the same rows and files."""

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.db import connection

from devtools import backup
from mediation.models import Case
from tests.mediation.helpers import ID_A, make_case

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only

TABLES = ["association_organisation", "association_user", "mediation_case", "pghistory_context"]


def counts(url):
    with psycopg2.connect(url.replace("postgres://", "postgresql://", 1)) as c, c.cursor() as cursor:
        found = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            found[table] = cursor.fetchone()[0]
        return found


def test_dump_and_restore_round_trip(world, tmp_path, settings):
    media = tmp_path / "media"
    (media / "agreements").mkdir(parents=True)
    (media / "agreements" / "协议.pdf").write_bytes(b"%PDF-1.4 agreement")
    make_case(world)
    base = os.environ["DATABASE_URL"]
    source = urlunsplit(urlsplit(base)._replace(path="/" + connection.settings_dict["NAME"]))
    before = counts(source)
    assert before["mediation_case"] == Case.objects.count() == 1

    backup.dump(tmp_path / "backup", source, media)

    target_name = connection.settings_dict["NAME"] + "_restored"
    admin = psycopg2.connect(
        urlunsplit(urlsplit(base)._replace(path="/postgres")).replace("postgres://", "postgresql://", 1)
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {target_name}")
        cursor.execute(f"CREATE DATABASE {target_name}")
    try:
        target = urlunsplit(urlsplit(base)._replace(path="/" + target_name))
        restored_media = tmp_path / "restored-media"
        backup.restore(tmp_path / "backup", target, restored_media)
        assert counts(target) == before
        # the dump carries ciphertext only: the consumer's ID number and phone are nowhere in plain text
        with psycopg2.connect(target.replace("postgres://", "postgresql://", 1)) as c, c.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT consumer_id_number, consumer_phone FROM mediation_case UNION ALL"
                " SELECT consumer_id_number, consumer_phone FROM mediation_caseevent) AS t"
                " WHERE consumer_id_number = %s OR consumer_phone = %s",
                [ID_A, "13812341234"],
            )
            assert cursor.fetchone()[0] == 0
        assert (restored_media / "agreements" / "协议.pdf").read_bytes() == b"%PDF-1.4 agreement"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {target_name} WITH (FORCE)")
        admin.close()
