import pghistory
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from association.choices import MEMBER_ROLES, ROLE_ORGANISATION_KINDS, Role
from association.models.contacts import ascii_phone_validator
from association.models.scoping import ScopedQuerySet


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    """A person who signs in. What they may do follows from their memberships."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[ascii_phone_validator])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    # --- roles --------------------------------------------------------------------------
    @cached_property
    def active_memberships(self) -> list["Membership"]:
        if not self.pk:
            return []
        return list(self.memberships.filter(is_active=True).select_related("organisation__region"))

    def has_role(self, *roles) -> bool:
        return any(m.role in roles for m in self.active_memberships)

    @property
    def is_association_staff(self) -> bool:
        """The association's own people: the daily work (staff) and the administrators."""
        return self.is_superuser or self.has_role(Role.STAFF, Role.ADMINISTRATOR)

    @property
    def is_administrator(self) -> bool:
        """The few who manage users, roles, permissions, settings and tokens (a superuser is one). The sign-in
        requires a second factor of them (the accounts side reads this property)."""
        return self.is_superuser or self.has_role(Role.ADMINISTRATOR)

    def role_rank(self) -> int:
        from association.choices import ROLE_RANK

        if self.is_superuser:
            return ROLE_RANK[Role.ADMINISTRATOR]
        return max((ROLE_RANK.get(m.role, 0) for m in self.active_memberships), default=0)

    @property
    def is_mediator(self) -> bool:
        return self.has_role(Role.MEDIATOR)

    @property
    def is_regulator(self) -> bool:
        return self.has_role(Role.REGULATOR)

    @property
    def is_member_manager(self) -> bool:
        return self.has_role(Role.MEMBER_MANAGER)

    @property
    def is_member_user(self) -> bool:
        return self.has_role(*MEMBER_ROLES)

    @property
    def primary_organisation(self):
        memberships = self.active_memberships
        return memberships[0].organisation if memberships else None

    def roles(self) -> list[str]:
        return sorted(
            {m.role for m in self.active_memberships}
            | ({Role.STAFF, Role.ADMINISTRATOR} if self.is_superuser else set())
        )

    # --- scope --------------------------------------------------------------------------
    # Each answer is computed once per request (the user object lives for one request) and is
    # the only place these rules are written: ``visible_to`` reads through them, and every service
    # asks ``may_act_for`` / ``may_manage`` before it writes for an organisation.

    def visible_organisation_ids(self) -> set[int] | None:
        """Organisations whose registry entries (name, contacts, ...) this user may read, or ``None``
        for all of them. Staff and mediators: all (mediators look companies up for their cases);
        otherwise ``scoped_organisation_ids``."""
        if self.is_association_staff or self.is_mediator:
            return None
        return self.scoped_organisation_ids()

    @cached_property
    def _scoped_organisation_ids(self) -> set[int] | None:
        from association.models.organisations import Organisation

        if self.is_association_staff:
            return None
        result: set[int] = set()
        member_roots = [m.organisation_id for m in self.active_memberships if m.role in MEMBER_ROLES]
        if member_roots:
            result |= Organisation.objects.descendant_ids(member_roots)
        for m in self.active_memberships:
            if m.role != Role.REGULATOR:
                continue
            region = m.organisation.region
            if region is None or region.parent_id is None:
                return None
            result |= set(Organisation.objects.filter(region_id__in=region.subtree_ids()).values_list("id", flat=True))
        return result

    def scoped_organisation_ids(self) -> set[int] | None:
        """Organisations whose records (obligations, cases, inspections, ...) this user may read, or
        ``None`` for all: member users their organisation and its branches; regulators the
        organisations in their office's region and the regions under it (a province-level office:
        all). The mediator role adds nothing here."""
        return self._scoped_organisation_ids

    @cached_property
    def _regulated_region_ids(self) -> set[int] | None:
        ids: set[int] = set()
        for m in self.active_memberships:
            if m.role != Role.REGULATOR or m.organisation.region is None:
                continue
            if m.organisation.region.parent_id is None:
                return None
            ids |= set(m.organisation.region.subtree_ids())
        return ids

    def regulated_region_ids(self) -> set[int] | None:
        """Regions of the user's regulator offices and the regions under them; ``None``: a
        province-level office (everything); an empty set: not a regulator."""
        return self._regulated_region_ids

    @cached_property
    def _submittable_organisation_ids(self) -> set[int] | None:
        from association.models.organisations import Organisation

        if self.is_association_staff:
            return None
        roots = [m.organisation_id for m in self.active_memberships if m.role in MEMBER_ROLES]
        return Organisation.objects.descendant_ids(roots) if roots else set()

    def submittable_organisation_ids(self) -> set[int] | None:
        """Organisations this user may act for (submit, record, reply), or ``None`` for all: member
        managers and reporters for their organisation and its branches; association staff for all."""
        return self._submittable_organisation_ids

    def may_act_for(self, organisation_id: int | None) -> bool:
        ids = self.submittable_organisation_ids()
        return ids is None or organisation_id in ids

    @cached_property
    def _manageable_organisation_ids(self) -> set[int] | None:
        from association.models.organisations import Organisation

        if self.is_association_staff:
            return None
        roots = [m.organisation_id for m in self.active_memberships if m.role == Role.MEMBER_MANAGER]
        return Organisation.objects.descendant_ids(roots) if roots else set()

    def manageable_organisation_ids(self) -> set[int] | None:
        """Organisations whose records (contacts, signatures, ...) this user may change; ``None`` = all."""
        return self._manageable_organisation_ids

    def may_manage(self, organisation_id: int | None) -> bool:
        ids = self.manageable_organisation_ids()
        return ids is None or organisation_id in ids


class MembershipQuerySet(ScopedQuerySet):
    visible_to_mediators = True


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Membership(models.Model):
    """A user belongs to an organisation in a role."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user", "organisation"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def clean(self):
        if self.organisation_id and self.role:
            allowed = ROLE_ORGANISATION_KINDS.get(self.role, ())
            if self.organisation.kind not in allowed:
                raise ValidationError(
                    {
                        "role": _("The role %(role)s does not fit an organisation of kind %(kind)s.")
                        % {"role": self.get_role_display(), "kind": self.organisation.get_kind_display()}
                    }
                )
