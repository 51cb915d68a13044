"""The structured ``data`` of a submission (issue 14, point 9): validated against its obligation kind's JSON
Schema before it is stored, and shown to the reviewer as rows (key, text) so that no key (``items``,
``keys``, ``values``) can hide or break the page.

Every kind takes a flat object: at most 50 keys of 1-100 characters, each value a string (at most 2,000
characters), a finite number, a boolean, null or a list of at most 100 of those. A kind may say more (the
daily disaster report's figures are numbers of at least 0).
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from association.choices import ObligationKind

SCALAR = {"type": ["string", "number", "boolean", "null"], "maxLength": 2000}
FLAT = {
    "type": "object",
    "maxProperties": 50,
    "propertyNames": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "^[^\\x00-\\x1f]+$"},
    "additionalProperties": {"anyOf": [SCALAR, {"type": "array", "maxItems": 100, "items": SCALAR}]},
}
#: a figure: a number of at least 0, or such a number written as a decimal string
FIGURE = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": "^[0-9]{1,14}(\\.[0-9]{1,2})?$"}]}
SCHEMAS: dict[str, dict] = dict.fromkeys(ObligationKind.values, FLAT)
SCHEMAS[ObligationKind.DISASTER_DAILY_REPORT] = {
    **FLAT,
    "properties": dict.fromkeys(
        ("policies_affected", "claims_reported", "estimated_loss", "claims_paid", "advance_payments"), FIGURE
    ),
}


def validate_submission_data(kind: str, data) -> None:
    """``ValidationError`` on ``data`` naming the first problems (path and reason)."""
    if data in (None, {}):
        return
    validator = Draft202012Validator(SCHEMAS.get(kind, FLAT))
    problems = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))[:5]
    if problems:
        messages = [
            _("data %(path)s: %(reason)s") % {"path": "/".join(str(p) for p in e.absolute_path) or "/",
                                               "reason": e.message[:200]}
            for e in problems
        ]  # fmt: skip
        raise ValidationError({"data": messages})


def data_rows(data) -> list[tuple[str, str]]:
    """(key, text) rows of a submission's data for a page: a list reads as its items joined, anything else as
    its JSON text; never a dict lookup in a template (``data.items`` would be the key ``items``)."""
    if not isinstance(data, dict):
        return [("", json.dumps(data, ensure_ascii=False)[:2000])] if data else []
    rows = []
    for key, value in data.items():
        if isinstance(value, list):
            text = "、".join(str(v) for v in value)
        elif isinstance(value, dict):
            text = json.dumps(value, ensure_ascii=False)
        else:
            text = "" if value is None else str(value)
        rows.append((str(key), text[:2000]))
    return rows
