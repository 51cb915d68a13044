"""Point 5: what each member role may do is one table (association/permissions.py, README "Member roles"),
enforced in the services: a reporter records and submits but edits no contact, signs nothing and deletes only
the activities they recorded themselves; a manager does all of it for the company. (The isolation matrix
rows of every route x role: tests/*/matrix.py.)"""

import pytest
from django.core.exceptions import PermissionDenied

from association.permissions import MEMBER_ACTIONS, member_may
from campaigns.models import Activity
from campaigns.services.activities import activity_delete
from tests.campaigns.helpers import make_campaign, record
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

#: role -> the actions it may take for A's branch (own records for "own")
EXPECTED = {
    "member_a_manager": {"submit", "record_activity", "delete_activity", "edit_contacts", "sign_convention"},
    "member_a_reporter": {"submit", "record_activity"},
    "member_b": set(),
    "regulator_x": set(),
    "mediator": set(),
    "staff": set(MEMBER_ACTIONS),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_table(world, role):
    user = world.users[role]
    allowed = {a for a in MEMBER_ACTIONS if member_may(user, a, world.org_a_branch.pk, owner_id=-1)}
    assert allowed == EXPECTED[role]


def test_a_reporter_cannot_delete_the_managers_activity_but_their_own(world, client):
    campaign = make_campaign(world)
    managers = record(world, campaign, user="member_a_manager")
    own = record(world, campaign, user="member_a_reporter", title="自己记录的活动")
    reporter = world.users["member_a_reporter"]
    with pytest.raises(PermissionDenied):
        activity_delete(actor=reporter, activity=managers)
    c = client_for(client, reporter)
    assert c.post(f"/campaigns/activities/{managers.pk}/delete/").status_code == 403
    page = c.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert f"/campaigns/activities/{own.pk}/delete/" in page
    assert f"/campaigns/activities/{managers.pk}/delete/" not in page
    activity_delete(actor=reporter, activity=own)
    activity_delete(actor=world.users["member_a_manager"], activity=managers)
    assert not Activity.objects.exists()
