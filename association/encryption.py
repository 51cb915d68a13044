"""Secrets at rest: model fields encrypted with Fernet (django-fernet-encrypted-fields), and masking.

The keys are derived from ``SECRET_KEY`` (and ``SECRET_KEY_FALLBACKS``, so a rotated key still reads
what the old one wrote) with the salts in ``SALT_KEY`` (``FIELD_ENCRYPTION_SALTS`` in the environment,
comma-separated, newest first). A database dump without the environment holds only ciphertext.
Any app stores a secret with ``EncryptedSecretField`` / ``EncryptedTextSecretField`` and shows it back
with ``mask()``, never in full.
"""

from __future__ import annotations

from encrypted_fields.fields import EncryptedCharField, EncryptedTextField


class EncryptedSecretField(EncryptedCharField):
    """A short secret (a token, a signing key, a phone number): ciphertext in the database."""


class EncryptedTextSecretField(EncryptedTextField):
    """A longer secret (a webhook address with its key in it)."""


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
