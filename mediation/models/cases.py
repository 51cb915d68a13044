import datetime as dt

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.attachments import attachment_upload_to
from association.encryption import EncryptedSecretField, KeyedHashField, keyed_hash
from association.models.contacts import ascii_phone_validator
from association.models.scoping import ScopedQuerySet
from mediation.choices import (
    ACTIVE_STATUSES,
    SUCCESS_STATUSES,
    CaseSource,
    CaseStatus,
    ComplaintChannel,
    LineOfInsurance,
    SessionMode,
)
from mediation.id_number import normalise_id_number, validate_id_number
from mediation.masking import mask_id_number, mask_name, mask_phone


class CaseQuerySet(ScopedQuerySet):
    organisation_path = "respondent"
    visible_to_mediators = True  # their own cases, below

    def scope(self, user):
        """Mediator: cases assigned to them. Member users: cases whose respondent is their
        organisation or a branch. Regulators: cases whose respondent lies in their region (read-only)."""
        condition = Q(pk__in=[])
        if user.is_mediator:
            condition |= Q(mediator=user)
        if user.is_member_user or user.is_regulator:
            ids = user.scoped_organisation_ids()
            if ids is None:  # the provincial bureau
                return self
            condition |= Q(respondent_id__in=ids)
        return self.filter(condition)

    def overdue(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(status__in=ACTIVE_STATUSES, suspended_on__isnull=True, mediation_due_on__lt=today)

    def succeeded(self):
        return self.filter(status__in=SUCCESS_STATUSES)

    def with_consumer_id_number(self, value: str):
        """Cases of the consumer with this ID number (exact, through the keyed hash: the column is encrypted)."""
        number = normalise_id_number(value or "")
        return self.filter(consumer_id_hash=keyed_hash(number)) if number else self.none()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Case(models.Model):
    """A mediation case: a dispute between a consumer and a member company."""

    number = models.CharField(_("case number"), max_length=30, unique=True)
    source = models.CharField(_("source"), max_length=20, choices=CaseSource.choices)
    # pre-litigation: the referring court
    court = models.CharField(_("referring court"), max_length=200, blank=True)
    referral_number = models.CharField(_("referral number"), max_length=100, blank=True)
    referral_date = models.DateField(_("referral date"), null=True, blank=True)
    # complaint
    channel = models.CharField(_("channel"), max_length=20, choices=ComplaintChannel.choices, blank=True)
    # parties
    # personal data (PIPL): ciphertext at rest, in the history rows too; the ID number is found by its keyed hash
    consumer_name = EncryptedSecretField(_("consumer name"), max_length=100)
    consumer_id_number = EncryptedSecretField(
        _("consumer ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    consumer_id_hash = KeyedHashField(_("consumer ID number (keyed hash)"), source="consumer_id_number")
    consumer_phone = EncryptedSecretField(
        _("consumer phone"), max_length=30, blank=True, validators=[ascii_phone_validator]
    )
    respondent = models.ForeignKey(
        "association.Organisation",
        verbose_name=_("respondent company"),
        on_delete=models.PROTECT,
        related_name="mediation_cases",
    )
    line = models.CharField(_("line of insurance"), max_length=20, choices=LineOfInsurance.choices)
    amount_in_dispute = models.DecimalField(
        _("amount in dispute (yuan)"), max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    summary = models.TextField(_("summary of the dispute"), blank=True)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=30, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    # acceptance and time limits
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediation_cases",
    )
    mediation_due_on = models.DateField(_("mediation period ends on"), null=True, blank=True)
    extension_days = models.PositiveIntegerField(_("extension (days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    suspended_on = models.DateField(_("suspended since"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for the suspension"), blank=True)
    suspended_days = models.PositiveIntegerField(_("days suspended"), default=0)
    # outcome
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    settlement_amount = models.DecimalField(
        _("settlement amount (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    agreement_file = models.FileField(_("mediation agreement"), upload_to=attachment_upload_to, blank=True)
    # judicial confirmation
    confirmation_applied_on = models.DateField(_("judicial confirmation applied on"), null=True, blank=True)
    ruling_number = models.CharField(_("ruling number"), max_length=100, blank=True)
    ruling_date = models.DateField(_("ruling date"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        indexes = [
            models.Index(fields=["received_on", "source"]),
            models.Index(fields=["status", "mediation_due_on"]),
            models.Index(fields=["respondent", "received_on"]),
            # the statistics count successes and judicial confirmations by the date they happened
            models.Index(fields=["closed_on"], name="mediation_case_closed_on"),
            models.Index(fields=["ruling_date"], name="mediation_case_ruling_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="complaint") | ~Q(court=""), name="mediation_case_referral_has_court"
            ),
            models.CheckConstraint(
                condition=Q(source="pre_litigation") | ~Q(channel=""), name="mediation_case_complaint_has_channel"
            ),
        ]

    def __str__(self):
        return self.number

    def clean(self):
        errors = {}
        self.consumer_id_number = normalise_id_number(self.consumer_id_number)
        if self.source == CaseSource.PRE_LITIGATION:
            if not self.court:
                errors["court"] = _("A court referral names the court.")
            if not self.referral_number:
                errors["referral_number"] = _("A court referral has a referral number.")
            if not self.referral_date:
                errors["referral_date"] = _("A court referral has a referral date.")
            self.channel = ""
        elif self.source == CaseSource.COMPLAINT:
            if not self.channel:
                errors["channel"] = _("A complaint has a channel.")
            self.court, self.referral_number, self.referral_date = "", "", None
        if self.respondent_id and not self.respondent.is_member_company:
            errors["respondent"] = _("The respondent must be a member company.")
        if errors:
            raise ValidationError(errors)

    # --- derived --------------------------------------------------------------------------
    @property
    def is_overdue(self) -> bool:
        return (
            self.status in ACTIVE_STATUSES
            and self.suspended_on is None
            and self.mediation_due_on is not None
            and self.mediation_due_on < timezone.localdate()
        )

    @property
    def is_succeeded(self) -> bool:
        return self.status in SUCCESS_STATUSES

    @property
    def masked_name(self) -> str:
        return mask_name(self.consumer_name)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.consumer_id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.consumer_phone)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class MediationSession(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=10, choices=SessionMode.choices)
    attendees = models.TextField(_("attendees"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["case", "held_on", "id"]
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")

    def __str__(self):
        return f"{self.case} · {self.held_on}"
