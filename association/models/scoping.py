"""The one scoping mechanism: ``Model.objects.visible_to(user)``.

Portal views, the API and the admin all start their querysets here. The guard (nobody signed in,
an inactive account: nothing) and the staff bypass (association staff: everything) live here and
nowhere else; each model's queryset says only how a row reaches the organisations a user may see,
by ``organisation_path`` or, where the path is not a single field, by overriding ``scope``. An
object out of scope is simply not in the queryset, so views answer 404 rather than 403.
"""

from django.db import models


def is_signed_in(user) -> bool:
    """An active, authenticated person (the guard every door applies first)."""
    return user is not None and user.is_authenticated and user.is_active


def is_mediator_only(user) -> bool:
    """A mediator with no other role: mediators read the member registry for their cases, but the
    records of the domain apps (obligations, inspections, campaigns, ...) are none of their business."""
    return user.is_mediator and not (user.is_association_staff or user.is_member_user or user.is_regulator)


def may_read_records(user) -> bool:
    """Whether a user may read any record of the domain apps at all (the guard of their pages)."""
    return is_signed_in(user) and (user.is_association_staff or not is_mediator_only(user))


class ScopedQuerySet(models.QuerySet):
    #: ORM path from this model to the organisation that owns a row
    organisation_path = "organisation"
    #: whether a mediator with no other role sees these rows (the registry: yes; domain records: no)
    visible_to_mediators = False

    def visible_to(self, user):
        if not is_signed_in(user):
            return self.none()
        if user.is_association_staff:
            return self
        if not self.visible_to_mediators and is_mediator_only(user):
            return self.none()
        return self.scope(user)

    def scope(self, user):
        """Rows a signed-in user who is not staff may read. Override for rows that reach their
        organisation in more than one way; the guard and the staff bypass stay in ``visible_to``."""
        ids = user.visible_organisation_ids() if self.visible_to_mediators else user.scoped_organisation_ids()
        if ids is None:  # unrestricted (the provincial bureau; mediators where they may read)
            return self
        return self.filter(**{f"{self.organisation_path}__in": ids})
