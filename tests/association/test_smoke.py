import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_world_builds(world):
    assert world.users["member_a_manager"].visible_organisation_ids() == {world.org_a.pk, world.org_a_branch.pk}
