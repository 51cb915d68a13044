"""The association's bodies (member assembly, council, standing council, supervisory board, specialised
committees), their terms (届) and the member organisations that sit on them, with their positions."""

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from association.models.scoping import ScopedQuerySet
from governance.choices import BodyKind, Position, TermStatus
from governance.numerals import chinese_number
from governance.quorum import Rule


class BodyQuerySet(ScopedQuerySet):
    def scope(self, user):
        """A body is visible to the organisations that sit on its current term (members: theirs; regulators:
        those in their region)."""
        ids = user.scoped_organisation_ids()
        if ids is None:
            return self
        return self.filter(
            pk__in=Seat.objects.filter(
                organisation_id__in=ids, term__status=TermStatus.OPEN, left_on__isnull=True
            ).values("term__body_id")
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Body(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    description = models.TextField(_("remit"), blank=True)
    votes = models.BooleanField(
        _("takes decisions by vote"), default=False, help_text=_("Its meetings check the quorum and record votes.")
    )
    quorum_num = models.PositiveSmallIntegerField(_("quorum (numerator)"), default=2, validators=[MinValueValidator(1)])
    quorum_den = models.PositiveSmallIntegerField(
        _("quorum (denominator)"), default=3, validators=[MinValueValidator(1)]
    )
    pass_num = models.PositiveSmallIntegerField(_("majority (numerator)"), default=1, validators=[MinValueValidator(1)])
    pass_den = models.PositiveSmallIntegerField(
        _("majority (denominator)"), default=2, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(condition=Q(quorum_num__lte=F("quorum_den")), name="body_quorum_fraction"),
            models.CheckConstraint(condition=Q(pass_num__lt=F("pass_den")), name="body_majority_fraction"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance-body-detail", args=[self.pk])

    def clean(self):
        if self.quorum_num and self.quorum_den and self.quorum_num > self.quorum_den:
            raise ValidationError({"quorum_num": _("The quorum cannot be more than all members.")})
        if self.pass_num and self.pass_den and self.pass_num >= self.pass_den:
            raise ValidationError({"pass_num": _("The majority must be a fraction below one.")})

    @property
    def rule(self) -> Rule:
        return Rule(self.quorum_num, self.quorum_den, self.pass_num, self.pass_den)


class TermQuerySet(ScopedQuerySet):
    def scope(self, user):
        return self.filter(body__in=Body.objects.visible_to(user))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Term(models.Model):
    """One term (届) of a body: the seventh council. A re-election (换届) ends one and opens the next."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveSmallIntegerField(_("term number"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TermStatus.choices, default=TermStatus.OPEN)
    note = models.TextField(_("note"), blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["body", "-number"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="term_number_unique"),
            models.UniqueConstraint(fields=["body"], condition=Q(status="open"), name="term_one_open_per_body"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="term_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.body} · {self.label}"

    @property
    def label(self) -> str:
        return f"第{chinese_number(self.number)}届"


class SeatQuerySet(ScopedQuerySet):
    def scope(self, user):
        return self.filter(term__body__in=Body.objects.visible_to(user))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Seat(models.Model):
    """A member organisation on a term of a body, with its position and representative."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="seats")
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="seats"
    )
    position = models.CharField(_("position"), max_length=30, choices=Position.choices, default=Position.MEMBER)
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    representative_title = models.CharField(_("representative's title"), max_length=100, blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    class Meta:
        ordering = ["term", "organisation__name"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [models.UniqueConstraint(fields=["term", "organisation"], name="seat_once_per_term")]

    def __str__(self):
        return f"{self.term} · {self.organisation}"
