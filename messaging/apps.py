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

    def organisation_actions(self, *, user, organisation):
        """Buttons on the organisation page: send a test message to every configured channel."""
        from messaging.views import test_send_action

        return test_send_action(user=user, organisation=organisation)
