"""How a score line reads: the item codes of :mod:`campaigns.scoring` as translated labels."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campaigns.choices import ActivityKind, DeliverableKind


def line_label(item: str) -> str:
    parts = item.split(":")
    if parts[0] == "activity" and len(parts) == 2 and parts[1] in ActivityKind.values:
        return ActivityKind(parts[1]).label
    if parts[0] == "deliverable" and len(parts) == 3 and parts[1] in DeliverableKind.values:
        state = {
            "on_time": pgettext("deliverable state", "on time"),
            "late": pgettext("deliverable state", "late"),
            "missing": pgettext("deliverable state", "missing"),
        }.get(parts[2], parts[2])
        return f"{DeliverableKind(parts[1]).label} ({state})"
    fixed = {
        "bonus:mainstream": _("Bonus: mainstream media"),
        "bonus:original": _("Bonus: original content"),
        "bonus:views": _("Bonus: views"),
        "news:published": _("Published news drafts"),
        "cap": _("Cap per campaign"),
    }
    return str(fixed.get(item, item))


def explain(lines: list[dict]) -> list[dict]:
    """Lines with their label, for templates and exports."""
    return [{**line, "label": line_label(line["item"])} for line in lines]


def explain_text(lines: list[dict]) -> str:
    parts = []
    for line in explain(lines):
        counted = f"{line['counted']}/{line['count']}" if line["counted"] != line["count"] else str(line["count"])
        parts.append(f"{line['label']} ×{counted}: {line['points']}")
    return "; ".join(parts)
