"""Key rotation for the encrypted fields (README, "Encryption at rest")."""

from __future__ import annotations

import pgtrigger
from django.apps import apps
from django.db import connection, transaction

from association.audit import acting
from association.encryption import KeyedHashField, PortalKeysMixin, reencrypt_table


def encrypted_tables() -> list[tuple[str, str, list[str], dict[str, str]]]:
    """(table, primary key, encrypted columns, {hash column: source column}) of every model holding an
    encrypted field, history (event) models included."""
    tables = []
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        columns = [f.column for f in fields if isinstance(f, PortalKeysMixin)]
        if not columns or model._meta.proxy or not model._meta.managed:
            continue
        by_name = {f.name: f.column for f in fields}
        hashes = {f.column: by_name[f.source] for f in fields if isinstance(f, KeyedHashField)}
        tables.append((model._meta.db_table, model._meta.pk.column, columns, hashes))
    return tables


@acting
@transaction.atomic
def field_keys_rotate(*, actor=None) -> dict[str, int]:
    """Re-encrypt every encrypted column with the newest key (plain values left from before are encrypted)
    and recompute the keyed hashes; the history triggers are kept out (a rotation changes no value).
    Returns the rows rewritten per table."""
    done = {}
    with pgtrigger.ignore(), connection.cursor() as cursor:
        for table, pk, columns, hashes in encrypted_tables():
            done[table] = reencrypt_table(cursor, table, pk, columns, hashes)
    return done
