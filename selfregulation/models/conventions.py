import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.attachments import attachment_upload_to
from association.models.scoping import ScopedQuerySet
from selfregulation.choices import LineOfBusiness


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Convention(models.Model):
    """A self-regulation convention or agreement (自律公约/约定) that member companies sign."""

    title = models.CharField(_("title"), max_length=300)
    line = models.CharField(_("line of business"), max_length=30, choices=LineOfBusiness.choices)
    version = models.CharField(_("version"), max_length=40)
    document = models.FileField(_("document"), upload_to=attachment_upload_to, blank=True, max_length=300)
    adopted_on = models.DateField(_("adopted on"), default=timezone.localdate)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-adopted_on", "title"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        constraints = [models.UniqueConstraint(fields=["title", "version"], name="convention_title_version_unique")]

    def __str__(self):
        return f"{self.title}（{self.version}）"


class SignatureQuerySet(ScopedQuerySet):
    organisation_path = "organisation"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ConventionSignature(models.Model):
    convention = models.ForeignKey(
        Convention, verbose_name=_("convention"), on_delete=models.CASCADE, related_name="signatures"
    )
    organisation = models.ForeignKey(
        "association.Organisation",
        verbose_name=_("member company"),
        on_delete=models.PROTECT,
        related_name="convention_signatures",
    )
    signed_on = models.DateField(_("signed on"), default=timezone.localdate)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signed by"),
    )

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["convention", "organisation__name"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["convention", "organisation"], name="convention_signature_unique")
        ]

    def __str__(self):
        return f"{self.organisation} · {self.convention}"
