from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = _("Mediation")
    default_auto_field = "django.db.models.BigAutoField"
    #: whose overview pages show this app's panel: a mediator's home is their cases and time limits
    overview_audiences = ("staff", "regulator", "member", "mediator")

    def ready(self):
        from mediation import reports  # noqa: F401 - registers the monthly statistics report kind

    def overview_panels(self, **kwargs):
        """This app's panel of the overview pages (association.overview)."""
        from mediation.overview import mediation_panels

        return mediation_panels(**kwargs)

    def seed_demo(self):
        """Called by `manage.py seed_demo` after the association's demo data."""
        from mediation.demo import seed_demo

        seed_demo()
