import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-portal message to one user, with read state (the navbar shows the unread count)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    level = models.CharField(_("level"), max_length=10, default="info")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    reminder = models.ForeignKey(
        "association.ReminderLog", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("reminder")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "user"], name="notification_once_per_reminder_user"),
        ]

    def __str__(self):
        return self.title


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class ReminderLog(models.Model):
    """One reminder step of one obligation. The unique constraint makes each step happen exactly once.
    Its history says which sweep (task) sent it, and when a step was released for a new deadline."""

    obligation = models.ForeignKey(
        "association.Obligation", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("obligation")
    )
    step = models.CharField(_("step"), max_length=30)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["obligation", "step"], name="reminder_once_per_step")]

    def __str__(self):
        return f"{self.obligation_id} · {self.step}"


class OutboundEmail(models.Model):
    """E-mail outbox: written in the same transaction as what caused it, delivered by a task."""

    to = models.JSONField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    attachment_path = models.CharField(max_length=300, blank=True, verbose_name=_("attachment path"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    not_before = models.DateTimeField(
        _("held until"),
        null=True,
        blank=True,
        help_text=_("A routine e-mail written in the quiet hours waits for their end."),
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    reminder = models.ForeignKey(
        "association.ReminderLog", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("reminder")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return self.subject
