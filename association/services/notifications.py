"""In-portal notifications: a person marks their own as read."""

from django.utils import timezone

from association.models import Notification


def notification_mark_read(*, notification: Notification, actor) -> Notification:
    """Only the owner's notification; reading it twice keeps the first time."""
    if notification.user_id != actor.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
