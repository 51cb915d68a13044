"""Shared builders for the disasters tests."""

import datetime as dt
from decimal import Decimal

from association.deadlines import BEIJING
from disasters.services.events import event_create

KNOWN = dt.datetime(2026, 7, 1, 9, 0, tzinfo=BEIJING)


def make_event(world, *, organisations=None, regions=None, now=None, **kw):
    """A flood in region X, known 2026-07-01 09:00; by default only A's branch is affected."""
    fields = {
        "title": "伊犁洪涝",
        "hazard": "flood",
        "occurred_at": KNOWN - dt.timedelta(hours=1),
        "known_at": KNOWN,
        "est_property_loss": Decimal("20000000"),
    }
    fields.update(kw)
    return event_create(
        actor=world.users["staff"],
        regions=regions or [world.region_x],
        organisations=[world.org_a_branch] if organisations is None else organisations,
        now=now or KNOWN,
        **fields,
    )


FIGURES = {
    "policies_affected": 10,
    "claims_reported": 5,
    "estimated_loss": Decimal("100000"),
    "claims_paid": Decimal("1000"),
    "advance_payments": Decimal("0"),
}
