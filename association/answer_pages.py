"""Obligations a domain app answers on its own page (an attendance reply, a consultation's feedback, a
registration of trainees): there the answer itself is recorded, and the app's service then submits the
obligation. A plain submission from the inbox would mark the obligation done without that answer, so the
inbox sends the member to the app's page instead, and ``obligation_submit`` refuses one.

An app says which obligations these are by a hook on its AppConfig,
``obligation_answer_page(obligation) -> str | None`` (the page's address, or None for an obligation answered
in the inbox); the spine asks every app, as it does for the overview panels, and imports none."""

from __future__ import annotations

from django.apps import apps
from django.urls import reverse

from association.choices import ObligationKind


def answer_page(obligation) -> str | None:
    """The page where ``obligation`` is answered, when an app answers it there; None: the inbox answers it.
    The spine's own: the annual contacts confirmation, on the page that shows every branch's contacts."""
    if obligation.kind == ObligationKind.CONTACTS_CONFIRMATION:
        return reverse("contacts-confirmation", args=[obligation.pk])
    for config in apps.get_app_configs():
        hook = getattr(config, "obligation_answer_page", None)
        if config.name != "association" and callable(hook):
            url = hook(obligation)
            if url:
                return url
    return None
