"""Meetings of a body (or ad hoc), their agenda, invitations (each owes an attendance reply), sign-in,
minutes and resolutions with votes."""

import secrets

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.attachments import attachment_upload_to
from association.models.scoping import ScopedQuerySet
from governance.choices import MeetingStatus, Reply, SignInMethod
from governance.numerals import session_label


def new_token() -> str:
    return secrets.token_urlsafe(24)


class MeetingQuerySet(ScopedQuerySet):
    def scope(self, user):
        """Members: the meetings their organisations are invited to. Regulators: meetings the association
        shares with them, with an invitee in their region. Read-only for them either way."""
        q = Q(
            pk__in=Invitation.objects.filter(organisation_id__in=user.submittable_organisation_ids() or ()).values(
                "meeting_id"
            )
        )
        if user.is_regulator:
            ids = user.scoped_organisation_ids()
            shared = Q(shared_with_regulators=True)
            if ids is not None:
                shared &= Q(pk__in=Invitation.objects.filter(organisation_id__in=ids).values("meeting_id"))
            q |= shared
        return self.filter(q)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Meeting(models.Model):
    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("Empty for an ad-hoc meeting with chosen invitees."),
    )
    term = models.ForeignKey(
        "governance.Term", verbose_name=_("term"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    session_number = models.PositiveSmallIntegerField(
        _("meeting number in the term"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    reply_due_at = models.DateTimeField(_("reply due at"))
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    shared_with_regulators = models.BooleanField(
        _("shared with regulators"),
        default=False,
        help_text=_("Regulators read the meeting, its minutes and resolutions."),
    )
    minutes = models.TextField(pgettext_lazy("meeting", "minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
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

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="meeting_period_ordered"),
            models.CheckConstraint(condition=Q(reply_due_at__lte=F("starts_at")), name="meeting_reply_before_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance-meeting-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The meeting ends before it starts.")
        if self.starts_at and self.reply_due_at and self.reply_due_at > self.starts_at:
            errors["reply_due_at"] = _("Replies must be due before the meeting starts.")
        if not self.place and not self.online_link:
            errors["place"] = _("Give a place or an online link.")
        if self.term_id and self.body_id and self.term.body_id != self.body_id:
            errors["term"] = _("The term is not a term of this body.")
        if errors:
            raise ValidationError(errors)

    @property
    def number_label(self) -> str:
        return session_label(self.term.number if self.term_id else None, self.session_number)

    @property
    def votes(self) -> bool:
        return bool(self.body_id and self.body.votes)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("agenda item"), max_length=300)
    presenter = models.CharField(_("presented by"), max_length=100, blank=True)
    document = models.FileField(_("document"), upload_to=attachment_upload_to, blank=True, max_length=300)
    document_name = models.CharField(_("document name"), max_length=255, blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class InvitationQuerySet(ScopedQuerySet):
    def scope(self, user):
        """Members their own organisations' invitations; regulators those of shared meetings in their region."""
        q = Q(organisation_id__in=user.submittable_organisation_ids() or ())
        if user.is_regulator:
            ids = user.scoped_organisation_ids()
            shared = Q(meeting__shared_with_regulators=True)
            q |= shared if ids is None else shared & Q(organisation_id__in=ids)
        return self.filter(q)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Invitation(models.Model):
    """An organisation invited to a meeting. It owes an attendance reply (an obligation about this row)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    voting = models.BooleanField(_("voting member"), default=True)
    reply = models.CharField(_("reply"), max_length=10, choices=Reply.choices, default=Reply.PENDING)
    attendees = models.TextField(_("who will attend"), blank=True, help_text=_("Names and titles, one per line."))
    leave_reason = models.TextField(_("reason for leave"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("replied by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "organisation__name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation"], name="invitation_once")]

    def __str__(self):
        return f"{self.meeting} · {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("governance-meeting-detail", args=[self.meeting_id])


class SignInQuerySet(ScopedQuerySet):
    def scope(self, user):
        return self.filter(meeting__in=Meeting.objects.visible_to(user)).filter(
            organisation_id__in=Invitation.objects.visible_to(user).values("organisation_id")
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class SignIn(models.Model):
    """Someone of an invited organisation present on the day (marked by staff, or by the QR code)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="sign_ins")
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    method = models.CharField(_("how"), max_length=10, choices=SignInMethod.choices)
    signed_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = SignInQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "signed_at"]
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation", "name"], name="sign_in_once")]

    def __str__(self):
        return f"{self.meeting} · {self.organisation} · {self.name}"


class ResolutionQuerySet(ScopedQuerySet):
    def scope(self, user):
        """Published resolutions of the meetings a user sees."""
        return self.filter(meeting__in=Meeting.objects.visible_to(user), published_at__isnull=False)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Resolution(models.Model):
    """A resolution (决议) of a meeting, with the vote where the body votes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="resolutions"
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstained"), null=True, blank=True)
    present_voting = models.PositiveIntegerField(_("voting members present"), null=True, blank=True)
    voting_members = models.PositiveIntegerField(_("voting members"), null=True, blank=True)
    quorate = models.BooleanField(_("quorum reached"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number", "id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="resolution_number_unique")]

    def __str__(self):
        return f"{self.meeting} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance-meeting-detail", args=[self.meeting_id])
