"""Alerts to staff and the regulators of the event's regions (in-portal notifications)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from association.models import Notification
from disasters.models import Event, Response
from disasters.selectors import regulator_users, staff_users


def alert_grade_above_level(*, event: Event, response: Response) -> int:
    """The grade now exceeds the running response's level: ask people to consider adjusting it.

    The level itself is never changed here; only a person changes it (``response_change_level``).
    """
    title = _("Disaster “%(event)s”: grade %(grade)s is above the running level %(level)s response") % {
        "event": event.title,
        "grade": event.grade,
        "level": response.level,
    }
    body = _(
        "The estimates now grade the event %(grade)s (rule: %(rule)s). The response runs at level %(level)s. "
        "Please consider adjusting the response level."
    ) % {"grade": event.grade, "rule": str(event.grading_rule or "—"), "level": response.level}
    url = reverse("disaster-event-detail", args=[event.pk])
    users = {u.pk: u for u in [*staff_users(), *regulator_users(event)]}
    Notification.objects.bulk_create(
        [Notification(user=u, title=title[:300], body=body, url=url, level="warning") for u in users.values()]
    )
    return len(users)
