"""The overview pages (regulator, staff and member homes): panels that each app contributes.

``association`` draws the page and exports its tables; each domain app's AppConfig may define
``overview_panels(*, user, period, now) -> list[Panel]`` with the figures, tables and charts of its
own domain, already scoped to ``user`` (``visible_to``). So ``association`` imports no domain app.
"""

from association.overview.panels import Chart, Figure, Panel, Period, Table, audience_of

__all__ = ["Chart", "Figure", "Panel", "Period", "Table", "audience_of"]
