from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and sign-in")
    default_auto_field = "django.db.models.BigAutoField"

    def seed_demo(self):
        from accounts.demo import seed_demo

        seed_demo()

    def ready(self):
        from accounts import schema, signals  # noqa: F401  (the API scheme, the sign-in audit)
