"""Who may do what with a case (scope is decided by ``Case.objects.visible_to``)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

#: actions only association staff take
STAFF_ACTIONS = {"create", "accept", "decline", "assign"}
#: actions the case's own mediator takes too
MEDIATOR_ACTIONS = {
    "session",
    "succeed",
    "fail",
    "withdraw",
    "apply_confirmation",
    "confirm",
    "refuse",
    "extend",
    "suspend",
    "resume",
}
ACTIONS = STAFF_ACTIONS | MEDIATOR_ACTIONS


def may_act(user, case, action: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_association_staff:
        return True
    return action in MEDIATOR_ACTIONS and case is not None and case.mediator_id == user.pk and user.is_mediator


def ensure_may_act(user, case, action: str) -> None:
    if not may_act(user, case, action):
        raise PermissionDenied(_("You may not do this with this case."))


def may_see_personal_data(user, case) -> bool:
    """The full (unmasked) personal data: association staff and the case's mediator only."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_association_staff or (user.is_mediator and case.mediator_id == user.pk)


def may_see_id_number(user) -> bool:
    """Member companies never see the consumer's ID number, not even masked."""
    return not (user.is_member_user and not user.is_association_staff and not user.is_mediator)
