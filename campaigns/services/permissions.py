"""Who may do what in campaigns. Reading is scope (``visible_to``); these are the write rules."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def ensure_staff(actor) -> None:
    if actor is None or not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff may do this."))


def may_act_for(actor, organisation_id: int) -> bool:
    """Member managers and reporters of the organisation (or a parent), and staff."""
    return actor is not None and actor.is_authenticated and actor.may_act_for(organisation_id)


def ensure_may_act_for(actor, organisation_id: int) -> None:
    if not may_act_for(actor, organisation_id):
        raise PermissionDenied(_("You may not record this for that organisation."))
