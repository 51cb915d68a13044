"""Consultations on drafts (征求意见): a draft cut into clauses, sent to chosen members who owe feedback by a
deadline; comments per clause or in general, how each was handled, the final version."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.attachments import attachment_upload_to
from association.models.scoping import ScopedQuerySet
from governance.choices import ConsultationKind, ConsultationStatus, Handling


class ConsultationQuerySet(ScopedQuerySet):
    def scope(self, user):
        """Members: consultations sent to their organisations. Regulators: those the association shares with
        them, sent to an organisation in their region."""
        q = Q(
            pk__in=Recipient.objects.filter(organisation_id__in=user.submittable_organisation_ids() or ()).values(
                "consultation_id"
            )
        )
        if user.is_regulator:
            ids = user.scoped_organisation_ids()
            shared = Q(shared_with_regulators=True)
            if ids is not None:
                shared &= Q(pk__in=Recipient.objects.filter(organisation_id__in=ids).values("consultation_id"))
            q |= shared
        return self.filter(q)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Consultation(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ConsultationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("what it is about"), blank=True)
    draft_document = models.FileField(_("draft"), upload_to=attachment_upload_to, blank=True, max_length=300)
    draft_document_name = models.CharField(_("draft file name"), max_length=255, blank=True)
    feedback_due_at = models.DateTimeField(_("feedback due at"))
    status = models.CharField(
        _("status"), max_length=12, choices=ConsultationStatus.choices, default=ConsultationStatus.OPEN
    )
    shared_with_regulators = models.BooleanField(
        _("shared with regulators"),
        default=False,
        help_text=_("Regulators read the draft, the feedback and its handling."),
    )
    final_text = models.TextField(_("final version"), blank=True)
    final_document = models.FileField(_("final document"), upload_to=attachment_upload_to, blank=True, max_length=300)
    final_document_name = models.CharField(_("final file name"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    convention_link = models.CharField(
        _("self-regulation convention"),
        max_length=300,
        blank=True,
        help_text=_("The portal address of the convention members sign, when the final version became one."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance-consultation-detail", args=[self.pk])


class ClauseQuerySet(ScopedQuerySet):
    def scope(self, user):
        return self.filter(consultation__in=Consultation.objects.visible_to(user))


class Clause(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="clauses"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    number = models.CharField(_("clause"), max_length=40)
    text = models.TextField(_("text"))

    objects = ClauseQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "order"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [models.UniqueConstraint(fields=["consultation", "order"], name="clause_order_unique")]

    def __str__(self):
        return self.number


class RecipientQuerySet(ScopedQuerySet):
    def scope(self, user):
        q = Q(organisation_id__in=user.submittable_organisation_ids() or ())
        if user.is_regulator:
            ids = user.scoped_organisation_ids()
            shared = Q(consultation__shared_with_regulators=True)
            q |= shared if ids is None else shared & Q(organisation_id__in=ids)
        return self.filter(q)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Recipient(models.Model):
    """A member the draft was sent to; it owes its feedback (an obligation about this row)."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="recipients"
    )
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    no_comments = models.BooleanField(_("no comments"), default=False)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("replied by"),
    )

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "organisation__name"]
        verbose_name = _("consulted member")
        verbose_name_plural = _("consulted members")
        constraints = [models.UniqueConstraint(fields=["consultation", "organisation"], name="recipient_once")]

    def __str__(self):
        return f"{self.consultation} · {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("governance-consultation-detail", args=[self.consultation_id])

    def comments_given(self) -> bool:
        return Comment.objects.filter(
            consultation_id=self.consultation_id, organisation_id=self.organisation_id
        ).exists()


class CommentQuerySet(ScopedQuerySet):
    def scope(self, user):
        q = Q(organisation_id__in=user.submittable_organisation_ids() or ())
        if user.is_regulator:
            ids = user.scoped_organisation_ids()
            shared = Q(consultation__shared_with_regulators=True)
            q |= shared if ids is None else shared & Q(organisation_id__in=ids)
        return self.filter(q)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="comments"
    )
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    text = models.TextField(_("comment"))
    suggestion = models.TextField(_("suggested wording"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    handling = models.CharField(_("handling"), max_length=12, choices=Handling.choices, default=Handling.PENDING)
    handling_note = models.TextField(_("reason / how it was handled"), blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "clause__order", "submitted_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.organisation} · {self.clause or _('general')}"
