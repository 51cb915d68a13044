from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Publicity campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def overview_panels(self, **kwargs):
        """This app's panel of the overview pages (association.overview)."""
        from campaigns.overview import campaign_panels

        return campaign_panels(**kwargs)

    def urgent_acknowledged(self, *, message, delivery):
        """messaging: an alert's urgent message acknowledged through its link acknowledges the alert."""
        from campaigns.services.alerts import alert_acknowledged_by_link

        alert_acknowledged_by_link(message=message, delivery=delivery)

    def seed_demo(self):
        """Called by `manage.py seed_demo` after the association's demo data."""
        from campaigns.demo import seed_demo

        seed_demo()
