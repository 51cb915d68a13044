"""What the core asks the other apps for, through hooks on their AppConfig (the core imports none of them).

* ``staff_warnings(*, user) -> list[str]``: lines for the staff home's warning box (messaging: the channels
  failing now);
* ``organisation_actions(*, user, organisation) -> list[dict]``: buttons on the organisation page
  (``label``, ``url``, ``method`` "get"/"post", ``id``).

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
