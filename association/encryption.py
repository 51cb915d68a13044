"""Secrets and personal data at rest: model fields encrypted with Fernet (django-fernet-encrypted-fields),
keyed hashes for exact-value lookups, and masking.

Keys (README, "Encryption at rest"):

* ``FIELD_ENCRYPTION_KEYS`` (environment, comma-separated Fernet keys, newest first): the newest encrypts,
  every listed key decrypts. Rotation: put a new key first, run ``manage.py rotate_field_keys`` (it
  re-encrypts every encrypted column, history tables included, with the newest key), then drop the old key.
* Without it (development, or a deployment from before it existed) the keys are derived from ``SECRET_KEY``
  (and ``SECRET_KEY_FALLBACKS``) with the salts in ``SALT_KEY`` (``FIELD_ENCRYPTION_SALTS``), as the library
  does; those derived keys are always tried last, so values they wrote stay readable after an explicit key
  is set (and ``rotate_field_keys`` moves them to it).
* ``FIELD_HASH_KEY``: the key of the keyed hashes (HMAC-SHA256) stored beside an encrypted value that must be
  found by its exact value (a consumer's ID number). Derived from ``SECRET_KEY`` when unset; after changing it,
  ``rotate_field_keys`` recomputes every hash.

A database dump without the environment holds only ciphertext and hashes. Any app stores a secret with
``EncryptedSecretField`` / ``EncryptedTextSecretField`` and shows it back with ``mask()``, never in full.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.conf import settings
from django.db import models
from encrypted_fields.fields import EncryptedCharField, EncryptedFieldMixin, EncryptedTextField


@lru_cache(maxsize=16)
def _derived_key(secret: str, salt: str) -> bytes:
    """The library's own derivation (PBKDF2-SHA256, 100,000 rounds), so what it wrote stays readable."""
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt.encode(), iterations=100_000)
    return base64.urlsafe_b64encode(kdf.derive(secret.encode()))


def _key_material() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    explicit = tuple(getattr(settings, "FIELD_ENCRYPTION_KEYS", ()) or ())
    salts = settings.SALT_KEY if isinstance(settings.SALT_KEY, list | tuple) else [settings.SALT_KEY]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return explicit, tuple(salts), tuple(secrets)


@lru_cache(maxsize=8)
def _fernet(explicit: tuple[str, ...], salts: tuple[str, ...], secrets: tuple[str, ...]) -> MultiFernet:
    keys = [k.encode() for k in explicit] + [_derived_key(s, salt) for s in secrets for salt in salts]
    return MultiFernet([Fernet(k) for k in keys])


def fernet() -> MultiFernet:
    """The keys in force: the first encrypts, all decrypt."""
    return _fernet(*_key_material())


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode() if value else value


def decrypt(token: str | None) -> str | None:
    """The plain value; a value that is not ciphertext (written before encryption) comes back as it is."""
    if not token:
        return token
    try:
        return fernet().decrypt(token.encode()).decode()
    except (InvalidToken, UnicodeEncodeError):
        return token


def is_encrypted(value: str | None) -> bool:
    if not value:
        return True
    try:
        fernet().decrypt(value.encode())
    except (InvalidToken, UnicodeEncodeError, ValueError):
        return False
    return True


class PortalKeysMixin(EncryptedFieldMixin):
    """The keys come from ``fernet()`` (the environment's keys, then the derived ones), looked up at use, so a
    change of settings (a rotation, a test) takes effect without a restart of the field."""

    @property
    def f(self) -> MultiFernet:  # the library encrypts and decrypts through ``self.f``
        return fernet()

    @property
    def keys(self) -> list[bytes]:
        return []

    def get_prep_value(self, value):
        """An empty value stays ``""`` in a NOT NULL column (the library would write NULL)."""
        prepared = super().get_prep_value(value)
        return "" if prepared is None and value is not None and not self.null else prepared


class EncryptedSecretField(PortalKeysMixin, EncryptedCharField):
    """A short secret or personal value (a token, a signing key, a phone or ID number): ciphertext in the
    database (a text column), ``max_length`` and validators apply to the plain value."""


class EncryptedTextSecretField(PortalKeysMixin, EncryptedTextField):
    """A longer secret (a webhook address with its key in it)."""


def _hash_key() -> bytes:
    configured = getattr(settings, "FIELD_HASH_KEY", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"portal-field-hash:" + settings.SECRET_KEY.encode()).digest()


def keyed_hash(value: str | None) -> str:
    """HMAC-SHA256 of the exact value (hex), for lookups and duplicate checks on an encrypted field; ``""``
    for an empty value. Without the key a hash cannot be reversed or guessed from the (small) space of
    ID numbers, as a plain hash could."""
    if not value:
        return ""
    return hmac.new(_hash_key(), value.encode(), hashlib.sha256).hexdigest()


def mask(value: str | None, *, keep: int = 4) -> str:
    """``SEC1a2b…c9d0``-style: the first and last ``keep`` characters of a long value, dots for the rest;
    a short value is all dots. Enough to recognise which one it is, never enough to use it."""
    value = value or ""
    if not value:
        return ""
    if len(value) <= keep * 3:
        return "•" * min(len(value), 8)
    return f"{value[:keep]}••••{value[-keep:]}"


def mask_phone(value: str | None) -> str:
    """``138****5678``."""
    value = value or ""
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 8 else mask(value)


class KeyedHashField(models.CharField):
    """The keyed hash of another (encrypted) field of the same row, kept up to date when the row is saved
    (like ``auto_now``): ``consumer_id_hash = KeyedHashField(source="consumer_id_number")``. A save with
    ``update_fields`` names it beside its source."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = keyed_hash(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def reencrypt_table(cursor, table: str, pk: str, columns: list[str], hashes: dict[str, str] | None = None) -> int:
    """Encrypt (plain values) or re-encrypt with the newest key (ciphertext) ``columns`` of every row of
    ``table``, and recompute the keyed-hash columns (``{hash column: source column}``); returns the rows
    changed. Raw SQL, so it serves the migrations that encrypt existing rows (history tables included) and
    ``rotate_field_keys``; the caller keeps the history triggers out of it."""
    hashes = hashes or {}
    names = [*columns, *(s for s in hashes.values() if s not in columns)]
    quoted = ", ".join(f'"{c}"' for c in names)
    cursor.execute(f'SELECT "{pk}", {quoted} FROM "{table}"')
    keys, updates = fernet(), []
    for row in cursor.fetchall():
        plain = {name: decrypt(value) for name, value in zip(names, row[1:], strict=True)}
        new = []
        for column, value in zip(names, row[1:], strict=True):
            if column not in columns:
                continue
            if not value:
                new.append(value)
            elif is_encrypted(value):
                new.append(keys.rotate(value.encode()).decode())
            else:
                new.append(encrypt(value))
        new += [keyed_hash(plain[source]) for source in hashes.values()]
        updates.append([*new, row[0]])
    targets = [*columns, *hashes]
    assignments = ", ".join(f'"{c}" = v."{c}"' for c in targets)
    aliases = ", ".join(f'"{c}"' for c in [*targets, "pk"])
    for start in range(0, len(updates), 500):  # one statement per batch (executemany bypasses the triggers' ignore)
        batch = updates[start : start + 500]
        values = ", ".join(["(" + ", ".join(["%s"] * (len(targets) + 1)) + ")"] * len(batch))
        cursor.execute(
            f'UPDATE "{table}" SET {assignments} FROM (VALUES {values}) AS v({aliases}) WHERE "{table}"."{pk}" = v.pk',
            [param for row in batch for param in row],
        )
    return len(updates)
