from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfRegulationConfig(AppConfig):
    name = "selfregulation"
    verbose_name = _("Self-regulation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from selfregulation import reports  # noqa: F401 - registers the monthly market analysis report kind

    def overview_panels(self, **kwargs):
        """This app's panel of the overview pages (association.overview)."""
        from selfregulation.overview import selfregulation_panels

        return selfregulation_panels(**kwargs)

    def obligation_answer_page(self, obligation):
        """A monthly market return is answered on the structured return form (association.answer_pages): the
        inbox, notifications and reminders lead there, and no free-text submission is offered for it."""
        from selfregulation.selectors import obligation_answer_page

        return obligation_answer_page(obligation)

    def seed_demo(self):
        """Called by `manage.py seed_demo` after the association's demo data."""
        from selfregulation.demo import seed_demo

        seed_demo()
