"""The range of dates the portal accepts (issue 14: far-future and year-0 dates are a field error, never an
OverflowError): from 1949 to 2100. Period pickers, statistics, summaries and every date a form takes use it."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

FIRST_DAY = dt.date(1949, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
OUT_OF_RANGE = _("Enter a date between %(first)s and %(last)s.")


def out_of_range_message() -> str:
    return OUT_OF_RANGE % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}


def sane_date_validator(value) -> None:
    day = value.date() if isinstance(value, dt.datetime) else value
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(out_of_range_message(), code="out_of_range")


def parse_day(value: str | None) -> dt.date:
    """``YYYY-MM-DD`` within the range; ``ValueError`` (with a message for the person) otherwise: an
    impossible date (2026-02-30), a NUL byte, year 0 and far-future years included."""
    try:
        day = dt.date.fromisoformat((value or "").strip())
    except (TypeError, ValueError):
        raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(out_of_range_message())
    return day


#: the longest text a portal form takes in a field that names no limit of its own (a summary, notes, a comment)
TEXT_MAX = 10_000


class SaneDates:
    """A form mixin: every date and date-time field of the form keeps to the range, and every text field
    without a length limit of its own gets ``TEXT_MAX`` (issue 14: no unbounded text)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField) and sane_date_validator not in field.validators:
                field.validators.append(sane_date_validator)
            if type(field) is forms.CharField and field.max_length is None:
                field.max_length = TEXT_MAX
                field.validators.append(MaxLengthValidator(TEXT_MAX))
                field.widget.attrs.setdefault("maxlength", str(TEXT_MAX))
