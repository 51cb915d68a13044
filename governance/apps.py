from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("The association's own work")
    default_auto_field = "django.db.models.BigAutoField"

    def overview_panels(self, **kwargs):
        """This app's panel of the overview pages (association.overview)."""
        from governance.overview import governance_panels

        return governance_panels(**kwargs)

    def obligation_answer_page(self, obligation):
        """The page where an attendance reply, a consultation's feedback or a trainee registration is answered
        (association.answer_pages): the inbox sends the member there."""
        from governance.selectors import obligation_answer_page

        return obligation_answer_page(obligation)

    def seed_demo(self):
        """Called by `manage.py seed_demo` after the association's demo data."""
        from governance.demo import seed_demo

        seed_demo()
