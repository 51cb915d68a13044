"""Resident identity card number (GB 11643-1999): 18 characters, the last a check character.

Pure functions, no I/O. The check character is ISO 7064 MOD 11-2 over the first 17 digits.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalise_id_number(value: str) -> str:
    """Upper-case, without spaces (full-width digits and x are folded too)."""
    value = (value or "").translate(str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX"))
    return "".join(value.split()).upper()


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def id_number_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 18-character ID number, or None if it is."""
    value = normalise_id_number(value)
    if len(value) != 18:
        return str(_("An ID number has 18 characters."))
    if not _SHAPE.match(value):
        return str(_("An ID number is 17 digits followed by a digit or X."))
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return str(_("The date of birth in the ID number is not a date."))
    if born.year < 1900 or born > timezone.localdate():
        return str(_("The date of birth in the ID number is not plausible."))
    if check_character(value[:17]) != value[17]:
        return str(_("The check character of the ID number is wrong."))
    return None


def validate_id_number(value: str) -> None:
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_id_number")
