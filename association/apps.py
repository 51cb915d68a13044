from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationConfig(AppConfig):
    name = "association"
    verbose_name = _("Association core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from association import audit  # noqa: F401 - connects the Celery signals that name a task's actor
        from association.third_party_labels import label_third_party_models

        label_third_party_models()
