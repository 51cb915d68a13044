"""Reads: the delivery timeline of what a message is about, the failing channels."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min
from django.utils import formats, timezone
from django.utils.translation import ngettext

from messaging.choices import ChannelKind
from messaging.models import Channel, Delivery, UrgentMessage


def messages_about(subject, *, user):
    ct = ContentType.objects.get_for_model(subject)
    return UrgentMessage.objects.visible_to(user).filter(subject_type=ct, subject_id=subject.pk)


def timeline(subject, *, user) -> list[dict]:
    """Per message about ``subject`` (and visible to ``user``): per recipient, their deliveries in order,
    and who acknowledged. Two queries whatever the number of messages and rows."""
    messages = list(messages_about(subject, user=user).select_related("organisation").order_by("created_at", "id"))
    if not messages:
        return []
    rows = Delivery.objects.filter(message__in=messages).order_by("created_at", "id")
    by_message = {m.pk: OrderedDict() for m in messages}
    for row in rows:
        by_message[row.message_id].setdefault(row.recipient_key, {"name": row.recipient, "rows": []})["rows"].append(
            row
        )
    return [{"message": m, "recipients": list(by_message[m.pk].values())} for m in messages]


def timeline_for_subjects(model, ids, *, user) -> dict[int, list]:
    """The messages of many subjects (a list page), subject id → messages."""
    ct = ContentType.objects.get_for_model(model)
    result: dict[int, list] = {}
    for m in UrgentMessage.objects.visible_to(user).filter(subject_type=ct, subject_id__in=list(ids)):
        result.setdefault(m.subject_id, []).append(m)
    return result


def failing_channels(*, user):
    """Channels failing now, per kind: (kind label, count, since)."""
    qs = Channel.objects.visible_to(user).filter(is_active=True, failing_since__isnull=False)
    return list(qs.values("kind").annotate(n=Count("id"), since=Min("failing_since")).order_by("kind"))


def failing_channel_warnings(*, user) -> list[str]:
    """ "3 WeCom group robots failing since 10:42" lines for the staff home."""
    if not user.is_association_staff:
        return []
    lines = []
    for row in failing_channels(user=user):
        since = timezone.localtime(row["since"])
        when = (
            formats.date_format(since, "H:i")
            if since.date() == timezone.localdate()
            else formats.date_format(since, "Y-m-d H:i")
        )
        lines.append(
            ngettext(
                "%(n)d %(kind)s failing since %(since)s",
                "%(n)d %(kind)s failing since %(since)s",
                row["n"],
            )
            % {"n": row["n"], "kind": ChannelKind(row["kind"]).label, "since": when}
        )
    return lines
