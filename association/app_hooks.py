"""What the core asks the other apps for, through hooks on their AppConfig (the core imports none of them).

* ``staff_warnings(*, user) -> list[str]``: lines for the staff home's warning box (messaging: the channels
  failing now);
* ``organisation_actions(*, user, organisation) -> list[dict]``: buttons on the organisation page
  (``label``, ``url``, ``method`` "get"/"post", ``id``);
* ``notification_route(*, kind, now) -> list[dict]``: how a kind of notification goes at ``now``
  (messaging: its urgency from the urgency table, and ``hold_until``, the end of the quiet hours when the kind
  is routine and ``now`` falls inside them). The reminder sweep asks it for its e-mails.

The overview panels (``overview_panels``) are collected the same way in ``association/overview/collect.py``.
"""

from __future__ import annotations

from django.apps import apps


def _collect(hook_name: str, **kwargs) -> list:
    found = []
    for config in apps.get_app_configs():
        hook = getattr(config, hook_name, None)
        if config.name != "association" and callable(hook):
            found += hook(**kwargs) or []
    return found


def staff_warnings(*, user) -> list[str]:
    return _collect("staff_warnings", user=user)


def organisation_actions(*, user, organisation) -> list[dict]:
    return _collect("organisation_actions", user=user, organisation=organisation)


#: with no app to say otherwise, a notification goes at once
ROUTE_AT_ONCE = {"urgency": "routine", "hold_until": None}


def notification_route(*, kind: str, now) -> dict:
    """``{"urgency": ..., "hold_until": datetime | None}`` of ``kind`` at ``now``, as the first app that
    answers says (messaging's urgency table); with none, at once."""
    found = _collect("notification_route", kind=kind, now=now)
    return found[0] if found else dict(ROUTE_AT_ONCE)
