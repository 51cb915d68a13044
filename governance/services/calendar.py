"""The personal calendar feed's key: created on first use, replaced when the person asks (the old address
stops working at once)."""

from django.db import transaction

from association.audit import acting
from governance.models import CalendarFeed
from governance.models.calendar import new_feed_token


@acting
@transaction.atomic
def calendar_feed_for(*, actor) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=actor)
    return feed


@acting
@transaction.atomic
def calendar_feed_reset(*, actor) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=actor)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed
