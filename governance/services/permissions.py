"""Who may do what in the association's own work. Reading is scope (``visible_to``); these are the write rules."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def ensure_staff(actor) -> None:
    if actor is None or not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff may do this."))


def ensure_may_act_for(actor, organisation_id: int) -> None:
    """Member managers and reporters of the organisation (or a parent), and staff."""
    if actor is None or not actor.is_authenticated or not actor.may_act_for(organisation_id):
        raise PermissionDenied(_("You may not reply for that organisation."))


def ensure_may_manage(actor, organisation_id: int) -> None:
    """Member managers of the organisation (or a parent), and staff."""
    if actor is None or not actor.is_authenticated or not actor.may_manage(organisation_id):
        raise PermissionDenied(_("Only your company's manager may do this."))
