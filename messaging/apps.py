from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Urgent channels")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from messaging import transport  # noqa: F401 - records the providers' answers

    def staff_warnings(self, *, user):
        """The staff home's warnings: channels failing now ("3 WeCom robots failing since 10:42")."""
        from messaging.selectors import failing_channel_warnings

        return failing_channel_warnings(user=user)

    def notification_route(self, *, kind, now):
        """How ``kind`` goes at ``now``: its urgency (the urgency table) and, for a routine kind in the quiet
        hours, when they end (the reminder sweep holds its e-mails until then)."""
        from messaging.choices import Urgency
        from messaging.services.dispatch import quiet_until, rule_for

        urgency = rule_for(kind).urgency
        return [{"urgency": urgency, "hold_until": quiet_until(now) if urgency == Urgency.ROUTINE else None}]

    def organisation_actions(self, *, user, organisation):
        """Buttons on the organisation page: send a test message to every configured channel."""
        from messaging.views import test_send_action

        return test_send_action(user=user, organisation=organisation)
