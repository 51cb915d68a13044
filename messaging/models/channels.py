import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.encryption import EncryptedSecretField, EncryptedTextSecretField, mask
from association.models.scoping import ScopedQuerySet
from messaging.choices import ChannelKind


class ChannelQuerySet(ScopedQuerySet):
    organisation_path = "organisation"

    def active(self):
        return self.filter(is_active=True)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["target", "secret"],  # secrets never reach the history tables
)
class Channel(models.Model):
    """A way to reach an organisation's group (a robot) or a person (their own robot), or the SMS gateway.

    An SMS gateway with neither organisation nor person is the association's: it carries the texts to every
    contact's phone unless the organisation has a gateway of its own. The address and the secret are stored
    encrypted and shown back masked.
    """

    organisation = models.ForeignKey(
        "association.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="channels",
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="channels",
        null=True,
        blank=True,
    )
    kind = models.CharField(pgettext_lazy("channel", "kind"), max_length=20, choices=ChannelKind.choices)
    label = models.CharField(_("name"), max_length=100)
    target = EncryptedTextSecretField(
        _("webhook address"),
        help_text=_("The robot's webhook address as the service shows it (or only its key/token)."),
    )
    secret = EncryptedSecretField(
        _("signing secret or token"),
        max_length=200,
        blank=True,
        null=True,
        help_text=_("DingTalk: the signing secret (SEC…). SMS gateway and webhook: the bearer token, if any."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "kind", "label"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True) | models.Q(user__isnull=True),
                name="channel_organisation_or_person",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.label}"

    @property
    def target_masked(self) -> str:
        return mask(self.target, keep=6)

    @property
    def secret_masked(self) -> str:
        return mask(self.secret)

    def clean(self):
        from messaging.transport import TransportError, apprise_url

        if self.kind != ChannelKind.SMS and self.organisation_id is None and self.user_id is None:
            raise ValidationError({"organisation": _("A robot belongs to an organisation or a person.")})
        try:
            apprise_url(self, to="13800000000")
        except TransportError as exc:
            raise ValidationError({"target": str(exc)})
