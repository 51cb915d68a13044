"""What each member role may do (issue 14, point 5): one table, the README's "Member roles" table says the same,
and the services ask ``member_may``. Association staff may do all of it for every organisation; regulators and
mediators none of it (they read).

Scope comes first: an action is for an organisation the person acts for (``user.may_act_for``: their company
and its branches) or manages (``user.may_manage``: managers only). "own" means a record the person made
themselves.
"""

from __future__ import annotations

from association.choices import ROLE_RANK, Role

MANAGER, REPORTER = Role.MEMBER_MANAGER, Role.MEMBER_REPORTER

#: action -> the member roles that may take it, and whether a reporter is limited to their own records
MEMBER_ACTIONS: dict[str, dict] = {
    "submit": {"roles": {MANAGER, REPORTER}, "label": "submit data returns, loss reports, rectifications, replies"},
    "record_activity": {"roles": {MANAGER, REPORTER}, "label": "record campaign activities, send news drafts"},
    "delete_activity": {"roles": {MANAGER, REPORTER}, "own_only": {REPORTER}, "label": "delete a campaign activity"},
    "edit_contacts": {"roles": {MANAGER}, "label": "edit the A/B contacts"},
    "sign_convention": {"roles": {MANAGER}, "label": "sign a self-regulation convention"},
}


def grantable_roles(actor) -> list[str]:
    """The roles ``actor`` may give (an invitation, a membership, a role change): none above their own."""
    if actor is None or not actor.is_authenticated:
        return []
    rank = actor.role_rank()
    return [role for role in Role.values if ROLE_RANK.get(role, 0) <= rank]


def member_may(user, action: str, organisation_id: int | None, *, owner_id: int | None = None) -> bool:
    """May ``user`` take ``action`` for ``organisation_id`` (on a record made by ``owner_id``)?"""
    if user is None or not user.is_authenticated:
        return False
    if user.is_association_staff:
        return True
    rule = MEMBER_ACTIONS[action]
    roles = {m.role for m in user.active_memberships if m.role in rule["roles"]}
    if not roles:
        return False
    if MANAGER in roles and user.may_manage(organisation_id):
        return True  # a manager of that organisation (or of a parent)
    if REPORTER not in roles or not user.may_act_for(organisation_id):
        return False
    return REPORTER not in rule.get("own_only", set()) or (owner_id is not None and owner_id == user.pk)
