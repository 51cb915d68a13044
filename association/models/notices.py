import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.attachments import attachment_upload_to
from association.models.scoping import ScopedQuerySet


class NoticeQuerySet(ScopedQuerySet):
    def scope(self, user):
        """Notices one of the user's organisations received."""
        ids = user.scoped_organisation_ids()
        if ids is None:
            return self
        return self.filter(
            pk__in=self.model.recipients.through.objects.filter(organisation_id__in=ids).values("notice_id")
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Notice(models.Model):
    """A notice or initiative (通知/倡议书) from the association to a chosen set of members."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice")
        INITIATIVE = "initiative", _("Initiative")
        CIRCULAR = "circular", _("Circular")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTICE)
    #: 文号, e.g. 新保协发〔2026〕18号: given when the notice is issued (``notice_issue``), never typed
    reference = models.CharField(_("document number"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    document = models.FileField(_("document"), upload_to=attachment_upload_to, blank=True, max_length=300)
    recipients = models.ManyToManyField(
        "association.Organisation", verbose_name=_("recipients"), related_name="notices", blank=True
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
    )
    #: withdrawn by staff (``notice_withdraw``): the replies it demanded are owed no more
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("why it was withdrawn"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-created_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            # a document number is one document's (a draft has none until it is issued)
            models.UniqueConstraint(fields=["reference"], condition=~Q(reference=""), name="notice_reference_unique"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class NoticeNumberCounter(models.Model):
    """The last document number an issuer (the number's prefix, e.g. 新保协发) gave out in a year; its row is
    locked while a number is taken (``association.services.notices.next_notice_number``)."""

    issuer = models.CharField(_("issuer"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("notice number counter")
        verbose_name_plural = _("notice number counters")
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="notice_number_counter_unique")]

    def __str__(self):
        return f"{self.issuer} {self.year}: {self.last}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class NoticeReply(models.Model):
    """A written reply the notice demands by a date; each recipient then owes it (an obligation)."""

    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="replies")
    title = models.CharField(_("what is to be reported"), max_length=300)
    due_at = models.DateTimeField(_("due at"))

    class Meta:
        ordering = ["notice", "due_at"]
        verbose_name = _("required reply")
        verbose_name_plural = _("required replies")

    def __str__(self):
        return f"{self.title} ({self.due_at:%Y-%m-%d})"


class RecipientGroupQuerySet(ScopedQuerySet):
    def scope(self, user):
        """Saved groups are the association's working lists: staff only (the bypass in ``visible_to``)."""
        return self.none()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RecipientGroup(models.Model):
    """A list of organisations staff saved to address notices to again (e.g. 灾害联络单位)."""

    name = models.CharField(pgettext_lazy("group", "name"), max_length=100, unique=True)
    organisations = models.ManyToManyField(
        "association.Organisation", verbose_name=_("organisations"), related_name="recipient_groups"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RecipientGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("recipient group")
        verbose_name_plural = _("recipient groups")

    def __str__(self):
        return self.name
