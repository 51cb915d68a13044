import pghistory
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.encryption import EncryptedSecretField
from association.models.scoping import ScopedQuerySet
from messaging.choices import DeliveryStatus, LadderStep, Urgency, Via


class UrgentMessageQuerySet(ScopedQuerySet):
    organisation_path = "organisation"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class UrgentMessage(models.Model):
    """One thing an organisation must be told (a disaster clock, a public-opinion alert, a test), with its
    ladder: the step reached, when the next one is due, and who acknowledged it, when and through what."""

    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind of notification"), max_length=60)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    duty = models.CharField(_("duty"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("subject type")
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True, verbose_name=_("subject id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    dedupe_key = models.CharField(max_length=200, unique=True, verbose_name=_("dedupe key"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    step = models.PositiveSmallIntegerField(_("ladder step"), choices=LadderStep.choices, default=0)
    next_step_at = models.DateTimeField(_("next step at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.CharField(_("acknowledged by"), max_length=120, blank=True)
    acknowledged_via = models.CharField(_("acknowledged through"), max_length=20, choices=Via.choices, blank=True)
    is_test = models.BooleanField(_("test"), default=False)

    objects = UrgentMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("urgent message")
        verbose_name_plural = _("urgent messages")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(
                fields=["next_step_at"], name="urgent_ladder_due", condition=models.Q(acknowledged_at__isnull=True)
            ),
        ]

    def __str__(self):
        return self.title


class DeliveryQuerySet(ScopedQuerySet):
    organisation_path = "message__organisation"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    exclude=["to", "answer"],  # addresses and answers stay out of the history tables
)
class Delivery(models.Model):
    """The outbox: one message to one recipient through one channel at one ladder step.

    The unique constraint makes each (message, step, channel, recipient) exist once; a worker sends a row
    while holding its lock, so two workers never send it twice, and a worker killed mid-send leaves it
    unsent (its transaction rolls back) for the next one.
    """

    message = models.ForeignKey(
        UrgentMessage, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("message")
    )
    step = models.PositiveSmallIntegerField(_("ladder step"), choices=LadderStep.choices, default=0)
    via = models.CharField(_("channel"), max_length=20, choices=Via.choices)
    channel = models.ForeignKey(
        "messaging.Channel", verbose_name=_("channel"), on_delete=models.SET_NULL, null=True, blank=True
    )
    recipient_key = models.CharField(max_length=60, verbose_name=_("recipient key"))
    recipient = models.CharField(_("recipient"), max_length=200)
    to = EncryptedSecretField(_("address"), max_length=200, blank=True, null=True)
    to_display = models.CharField(_("address"), max_length=200, blank=True)
    user = models.ForeignKey(
        "association.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("user")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answer = models.TextField(_("provider's answer"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    fallback_of = models.ForeignKey(
        "self", verbose_name=_("fallback for"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "step", "via", "recipient_key"], name="delivery_once_per_step_channel_recipient"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="delivery_pending", condition=models.Q(status=DeliveryStatus.PENDING)
            ),
        ]

    def __str__(self):
        return f"{self.message_id} · {self.get_via_display()} · {self.recipient}"
