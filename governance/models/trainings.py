"""Training sessions for members: offered to chosen members (each may register trainees within its quota
by a deadline, an obligation), sign-in on the day, materials, a short survey, certificates."""

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.attachments import attachment_upload_to
from association.models.scoping import ScopedQuerySet
from governance.choices import SignInMethod, TrainingMode, TrainingStatus
from governance.models.meetings import new_token


class TrainingQuerySet(ScopedQuerySet):
    def scope(self, user):
        """Members: trainings offered to their organisations. Regulators and mediators: none."""
        return self.filter(
            pk__in=Offer.objects.filter(organisation_id__in=user.submittable_organisation_ids() or ()).values(
                "training_id"
            )
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Training(models.Model):
    title = models.CharField(_("title"), max_length=300)
    topic = models.TextField(_("topic"), blank=True)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    mode = models.CharField(_("form"), max_length=10, choices=TrainingMode.choices, default=TrainingMode.ON_SITE)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    hours = models.DecimalField(
        _("training hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(99)]
    )
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    quota_per_organisation = models.PositiveIntegerField(_("quota per company"), validators=[MinValueValidator(1)])
    registration_due_at = models.DateTimeField(_("registration due at"))
    status = models.CharField(_("status"), max_length=12, choices=TrainingStatus.choices, default=TrainingStatus.OPEN)
    checkin_token = models.CharField(_("sign-in code"), max_length=64, unique=True, default=new_token, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="training_period_ordered"),
            models.CheckConstraint(
                condition=Q(registration_due_at__lte=F("starts_at")), name="training_registration_before_start"
            ),
            models.CheckConstraint(
                condition=Q(quota_per_organisation__lte=F("capacity")), name="training_quota_within_capacity"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance-training-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The training ends before it starts.")
        if self.starts_at and self.registration_due_at and self.registration_due_at > self.starts_at:
            errors["registration_due_at"] = _("Registration must close before the training starts.")
        if self.capacity and self.quota_per_organisation and self.quota_per_organisation > self.capacity:
            errors["quota_per_organisation"] = _("The quota per company cannot exceed the capacity.")
        if not self.place and not self.online_link:
            errors["place"] = _("Give a place or an online link.")
        if errors:
            raise ValidationError(errors)


class OfferQuerySet(ScopedQuerySet):
    def scope(self, user):
        return self.filter(organisation_id__in=user.submittable_organisation_ids() or ())


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Offer(models.Model):
    """A training open to a member: it owes the registration of its trainees (an obligation about this row)."""

    training = models.ForeignKey(Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="offers")
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["training", "organisation__name"]
        verbose_name = _("training offer")
        verbose_name_plural = _("training offers")
        constraints = [models.UniqueConstraint(fields=["training", "organisation"], name="offer_once")]

    def __str__(self):
        return f"{self.training} · {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("governance-training-detail", args=[self.training_id])


class TraineeQuerySet(ScopedQuerySet):
    def scope(self, user):
        return self.filter(organisation_id__in=user.submittable_organisation_ids() or ())


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=["phone"])
class Trainee(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="trainees"
    )
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=40, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )
    signed_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    sign_in_method = models.CharField(_("how"), max_length=10, choices=SignInMethod.choices, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)

    objects = TraineeQuerySet.as_manager()

    class Meta:
        ordering = ["training", "organisation__name", "name"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        constraints = [models.UniqueConstraint(fields=["training", "organisation", "name"], name="trainee_once")]

    def __str__(self):
        return f"{self.name} · {self.organisation}"

    @property
    def attended(self) -> bool:
        return self.signed_at is not None


class MaterialQuerySet(ScopedQuerySet):
    def scope(self, user):
        return self.filter(training__in=Training.objects.visible_to(user))


class Material(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["training", "uploaded_at"]
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")

    def __str__(self):
        return self.title


class FeedbackQuerySet(ScopedQuerySet):
    def scope(self, user):
        return self.filter(trainee__organisation_id__in=user.submittable_organisation_ids() or ())


class Feedback(models.Model):
    """The short survey after a training: one per trainee."""

    trainee = models.OneToOneField(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("overall rating (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    useful = models.BooleanField(_("useful for my work"), default=True)
    comment = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("training feedback")
        verbose_name_plural = _("training feedback")
        constraints = [models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_range")]

    def __str__(self):
        return f"{self.trainee} · {self.rating}"
