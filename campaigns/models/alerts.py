import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.models.scoping import ScopedQuerySet
from campaigns.choices import AlertSeverity, AlertStatus


class AlertQuerySet(ScopedQuerySet):
    def open(self):
        """Not closed yet (notified, escalated or acknowledged)."""
        from campaigns.choices import OPEN_ALERT_STATUSES

        return self.filter(status__in=OPEN_ALERT_STATUSES)

    def unacknowledged(self):
        """Nobody at the company has acknowledged it yet."""
        return self.filter(acknowledged_at__isnull=True)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class OpinionAlert(models.Model):
    """A public-opinion item (舆情) about a member: its publicity contact A is told at once, B when A does
    not acknowledge in time; the company owes a response by a deadline; staff close it with the outcome."""

    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("company concerned"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=200, help_text=_("e.g. Weibo, Douyin, a newspaper"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    summary = models.TextField(_("summary"))
    severity = models.CharField(_("severity"), max_length=10, choices=AlertSeverity.choices)
    detected_at = models.DateTimeField(_("detected at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=AlertStatus.choices, default=AlertStatus.NOTIFIED)
    contact_a = models.CharField(_("contact A"), max_length=200, blank=True)
    notified_a_at = models.DateTimeField(_("contact A notified at"), null=True, blank=True)
    contact_b = models.CharField(_("contact B"), max_length=200, blank=True)
    escalated_at = models.DateTimeField(_("contact B notified at"), null=True, blank=True)
    acknowledge_by = models.DateTimeField(_("acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    response_due_at = models.DateTimeField(_("response due at"))
    obligation = models.OneToOneField(
        "association.Obligation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("obligation"),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("closed by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name = _("public-opinion alert")
        verbose_name_plural = _("public-opinion alerts")
        indexes = [models.Index(fields=["status", "acknowledge_by"]), models.Index(fields=["organisation", "severity"])]

    def __str__(self):
        return f"{self.organisation} · {self.source} · {self.get_severity_display()}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns-alert-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != AlertStatus.CLOSED
