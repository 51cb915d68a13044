from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseDataAccessLog(models.Model):
    """One full view of a consumer's personal data (PIPL): who, when, which case, which fields, for what."""

    case = models.ForeignKey("mediation.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    fields = models.JSONField(_("fields"), default=list)
    via = models.CharField(_("via"), max_length=20, default="portal")
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    viewed_at = models.DateTimeField(_("viewed at"), default=timezone.now)

    class Meta:
        ordering = ["-viewed_at", "-id"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        indexes = [models.Index(fields=["case", "viewed_at"])]

    def __str__(self):
        return f"{self.user} · {self.case_id} · {self.viewed_at:%Y-%m-%d %H:%M}"
