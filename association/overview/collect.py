"""Gather the panels of every app for one user and period."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from association.overview.obligations import obligations_panel
from association.overview.panels import DEFAULT_AUDIENCES, Panel, Period, Table, audience_of


def collect_panels(*, user, period: Period, now: dt.datetime) -> list[Panel]:
    audience = audience_of(user)
    if not audience:
        return []
    # a mediator owes nothing: their home is their cases
    panels = [] if audience == "mediator" else [obligations_panel(user=user, period=period, now=now, audience=audience)]
    for config in apps.get_app_configs():
        hook = getattr(config, "overview_panels", None)
        if audience not in getattr(config, "overview_audiences", DEFAULT_AUDIENCES):
            continue
        if config.name != "association" and callable(hook):
            panels += hook(user=user, period=period, now=now, audience=audience) or []
    return sorted(panels, key=lambda p: (p.order, p.key))


def find_table(panels: list[Panel], key: str) -> Table | None:
    return next((t for p in panels for t in p.tables if t.key == key), None)
