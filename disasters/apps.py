from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisastersConfig(AppConfig):
    name = "disasters"
    verbose_name = _("Disaster events")
    default_auto_field = "django.db.models.BigAutoField"

    def overview_panels(self, **kwargs):
        """This app's panel of the overview pages (association.overview)."""
        from disasters.overview import disaster_panels

        return disaster_panels(**kwargs)

    def seed_demo(self):
        """Called by `manage.py seed_demo` after the association's demo data."""
        from disasters.demo import seed_demo

        seed_demo()
