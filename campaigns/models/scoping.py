"""Scope of this app: member users see their organisation and its branches, regulators their region
(read-only), staff everything. Mediators work on mediation cases only and see nothing here."""

from django.db import models

from association.models.scoping import ScopedQuerySet


def _mediator_only(user) -> bool:
    return user is not None and user.is_authenticated and user.is_mediator and not user.is_association_staff


class OrganisationScopedQuerySet(ScopedQuerySet):
    organisation_path = "organisation"

    def visible_to(self, user):
        if _mediator_only(user):
            return self.none()
        return super().visible_to(user)


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A campaign is visible when one of its participants is."""
        if user is None or not user.is_authenticated or not user.is_active or _mediator_only(user):
            return self.none()
        ids = user.visible_organisation_ids()
        if ids is None:
            return self
        from campaigns.models import Participation

        return self.filter(pk__in=Participation.objects.filter(organisation_id__in=ids).values("campaign_id"))
