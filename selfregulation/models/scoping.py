"""Scope for this app: the association's ``visible_to``, without the mediators (they see all
organisations for their cases, but self-regulation records are none of their business)."""

from association.models.scoping import ScopedQuerySet


def excluded(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return True
    return user.is_mediator and not (user.is_association_staff or user.is_member_user or user.is_regulator)


class SelfRegulationQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if excluded(user):
            return self.none()
        return super().visible_to(user)
