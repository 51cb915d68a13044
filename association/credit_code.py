"""Unified social credit code (统一社会信用代码), GB 32100-2015.

18 characters: registration authority (1), institution category (1), administrative division
code (6 digits), organisation code (9), check character (1). The alphabet has 31 characters
(digits and capitals without I, O, S, V, Z); the check character is computed with weights
3**i mod 31 over the first 17 characters.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid unified social credit code, or ``None`` when it is."""
    if len(code) != 18:
        return _("must be 18 characters, got %(n)d") % {"n": len(code)}
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        return _("contains characters not allowed in a credit code: %(chars)s") % {"chars": " ".join(bad)}
    if not code[2:8].isdigit():
        return _("characters 3 to 8 must be the administrative division code (digits)")
    expected = check_character(code[:17])
    if code[17] != expected:
        return _("check character is %(got)s, expected %(want)s") % {"got": code[17], "want": expected}
    return None


def normalise_credit_code(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_credit_code(value: str) -> None:
    problem = credit_code_problem(normalise_credit_code(value))
    if problem:
        raise ValidationError(
            _("Invalid unified social credit code %(code)s: %(problem)s"),
            code="invalid_credit_code",
            params={"code": value, "problem": problem},
        )


def make_credit_code(authority: str, category: str, division: str, org_code: str) -> str:
    """Build a valid code from its parts (demo data and tests)."""
    first17 = f"{authority}{category}{division}{org_code}"
    if len(first17) != 17:
        raise ValueError("parts must add up to 17 characters")
    return first17 + check_character(first17)
