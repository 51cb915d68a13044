import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from association.choices import (
    COMPANY_TIER_LABELS,
    MEMBER_KINDS,
    TIER_LABELS_BY_KIND,
    MembershipStatus,
    OrganisationKind,
    OrganisationTier,
)
from association.credit_code import normalise_credit_code, validate_credit_code
from association.models.contacts import ascii_phone_validator
from association.models.scoping import ScopedQuerySet


class OrganisationQuerySet(ScopedQuerySet):
    organisation_path = "pk"
    visible_to_mediators = True  # the registry: mediators look companies up for their cases

    def members(self):
        return self.filter(kind__in=MEMBER_KINDS)

    def descendant_ids(self, root_ids) -> set[int]:
        """The given organisations and all their branches, at any depth."""
        ids, frontier = set(root_ids), set(root_ids)
        while frontier:
            frontier = set(self.model.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - ids
            ids |= frontier
        return ids


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Organisation(models.Model):
    """The association, a regulator office, or a member company (or one of its branches)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    tier = models.CharField(_("tier"), max_length=20, choices=OrganisationTier.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    region = models.ForeignKey(
        "association.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, GB 32100-2015, with its check character"),
    )
    membership_status = models.CharField(
        _("membership status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.MEMBER
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[ascii_phone_validator])
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="organisation_left_after_joined",
            ),
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="organisation_not_own_parent"),
        ]
        indexes = [models.Index(fields=["kind", "membership_status"]), models.Index(fields=["region"])]

    def __str__(self):
        return self.short_name or self.name

    @property
    def tier_label(self) -> str:
        """The tier in the words of the organisation's kind (a bureau is not a "branch")."""
        return TIER_LABELS_BY_KIND.get(self.kind, COMPANY_TIER_LABELS).get(self.tier, self.get_tier_display())

    @property
    def is_member_company(self) -> bool:
        return self.kind in MEMBER_KINDS

    def clean(self):
        errors = {}
        self.credit_code = normalise_credit_code(self.credit_code)
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = _("The date of leaving is before the date of joining.")
        if self.membership_status == MembershipStatus.WITHDRAWN and not self.left_on:
            errors["left_on"] = _("A withdrawn member needs the date it left.")
        if self.kind in (OrganisationKind.ASSOCIATION, OrganisationKind.REGULATOR) and (
            self.membership_status not in (MembershipStatus.NOT_MEMBER,)
        ):
            errors["membership_status"] = _("The association and regulator offices are not members.")
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                errors["parent"] = _("An organisation cannot be its own parent.")
            elif self.pk and self.parent_id in Organisation.objects.descendant_ids([self.pk]):
                errors["parent"] = _("The parent cannot be one of this organisation's own branches.")
            elif self.parent and self.parent.kind != self.kind:
                errors["parent"] = _("A branch must be of the same kind as its parent.")
        if errors:
            raise ValidationError(errors)
