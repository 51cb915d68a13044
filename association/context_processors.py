"""Template context for every portal page."""

from django.utils.functional import SimpleLazyObject

from association.models import Notification
from association.reports.selectors import may_see_reports


def portal(request):
    """``unread_notifications``: the signed-in user's unread count for the navbar badge;
    ``may_see_reports``: whether the navigation links the generated reports.

    Lazy: the one COUNT query runs only when a template shows the number (not for the admin,
    the API pages or anonymous visitors).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()
        ),
        "may_see_reports": SimpleLazyObject(lambda: may_see_reports(user)),
    }
