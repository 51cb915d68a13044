import pghistory
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Now
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.attachments import attachment_upload_to
from association.choices import AWAITING_MEMBER, ObligationKind, ObligationStatus, ReviewOutcome
from association.models.scoping import ScopedQuerySet


class ObligationQuerySet(ScopedQuerySet):
    organisation_path = "organisation"  # mediators read the registry for their cases, not what members owe

    def awaiting_member(self):
        return self.filter(status__in=AWAITING_MEMBER)

    def overdue(self, now=None):
        return self.awaiting_member().filter(due_at__lt=now or timezone.now())

    def with_overdue_flag(self):
        return self.annotate(
            is_overdue_db=Case(
                When(Q(status__in=AWAITING_MEMBER) & Q(due_at__lt=Now()), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Obligation(models.Model):
    """What one organisation owes, to whom, by when. Overdue is derived from time, never stored."""

    kind = models.CharField(pgettext_lazy("obligation", "kind"), max_length=40, choices=ObligationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("owed by"), on_delete=models.PROTECT, related_name="obligations"
    )
    owed_to = models.ForeignKey(
        "association.Organisation",
        verbose_name=_("owed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obligations_owed",
        help_text=_("Empty means the association."),
    )
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("subject type")
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True, verbose_name=_("subject id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    due_at = models.DateTimeField(_("due at"))
    #: the due time the first submission is judged by: a due time moved after it passed, or after a first
    #: submission (a return with a new due time), leaves it; lateness and the period count from it
    original_due_at = models.DateTimeField(_("original due time"))
    status = models.CharField(
        _("status"), max_length=20, choices=ObligationStatus.choices, default=ObligationStatus.OPEN
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    #: when it was first answered; a return clears ``submitted_at``, never this
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    #: a key that makes creation by scheduled tasks idempotent (e.g. "contacts-confirmation:2027:42")
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True, verbose_name=_("dedupe key"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ObligationQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        indexes = [
            models.Index(fields=["organisation", "status", "due_at"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["original_due_at"]),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.title}"

    @property
    def is_overdue(self) -> bool:
        return self.status in AWAITING_MEMBER and self.due_at < timezone.now()

    @property
    def awaiting_member(self) -> bool:
        return self.status in AWAITING_MEMBER

    @property
    def first_submission_at(self):
        """``first_submitted_at``; a row whose submission time was written directly (accepted on arrival,
        demo history) has only ``submitted_at``, which is then its first."""
        return self.first_submitted_at or self.submitted_at

    @property
    def submitted_on_time(self) -> bool | None:
        """False once the first submission missed the original due time (whatever happens after), or when
        the latest missed the due time in force; None while nothing (or nothing since a return) is submitted.
        The compliance table counts by the same rule (:func:`timeliness`)."""
        first = self.first_submission_at
        if first is None:
            return None
        if first > self.original_due_at or (self.submitted_at is not None and self.submitted_at > self.due_at):
            return False
        return None if self.submitted_at is None else True


def timeliness(prefix: str, now) -> dict[str, Q]:
    """The compliance table's rule as conditions on obligations (reached through ``prefix``, e.g.
    ``"obligations__"``): ``late``, ``on_time``, ``overdue`` (each obligation in at most one) and
    ``counted`` (cancelled ones count only when their first submission was late).

    late = first submitted after the original due time, or the latest submission after the due time in force
    on time = submitted, not late
    overdue = not late, still owed with nothing submitted, past the due time in force (or never submitted
    and past the original)
    """

    def f(name):
        return F(f"{prefix}{name}")

    first = Coalesce(f("first_submitted_at"), f("submitted_at"))
    never_submitted = Q(**{f"{prefix}first_submitted_at__isnull": True, f"{prefix}submitted_at__isnull": True})
    first_late = Q(GreaterThan(first, f("original_due_at")))
    late = first_late | Q(**{f"{prefix}submitted_at__gt": f("due_at")})
    on_time = Q(LessThanOrEqual(first, f("original_due_at"))) & Q(**{f"{prefix}submitted_at__lte": f("due_at")})
    overdue = (
        Q(**{f"{prefix}status__in": AWAITING_MEMBER, f"{prefix}submitted_at__isnull": True})
        & (never_submitted | Q(LessThanOrEqual(first, f("original_due_at"))))
        & (Q(**{f"{prefix}due_at__lt": now}) | (never_submitted & Q(**{f"{prefix}original_due_at__lt": now})))
    )
    counted = ~Q(**{f"{prefix}status": ObligationStatus.CANCELLED}) | first_late
    return {"late": late, "on_time": on_time, "overdue": overdue, "counted": counted}


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Submission(models.Model):
    """One answer to an obligation. A returned obligation keeps every earlier submission."""

    obligation = models.ForeignKey(
        Obligation, verbose_name=_("obligation"), on_delete=models.CASCADE, related_name="submissions"
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(_("structured data"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    on_behalf = models.BooleanField(
        _("submitted on the member's behalf"),
        default=False,
        help_text=_("Association staff submitted it for the organisation (代为报送)."),
    )
    outcome = models.CharField(_("review"), max_length=20, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        ordering = ["obligation", "version"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["obligation", "version"], name="submission_version_unique")]

    def __str__(self):
        return f"{self.obligation} · v{self.version}"

    @property
    def data_rows(self) -> list[tuple[str, str]]:
        """The data as (key, text) rows for a page (a key such as ``items`` cannot hide the rest)."""
        from association.submission_data import data_rows

        return data_rows(self.data)


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class Attachment(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["submission", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
