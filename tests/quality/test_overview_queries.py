"""The home pages issue the same number of queries whatever the data of every domain (issue 8: pages
stay fast on the other issues' data together; `make bench` reports their timings)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.choices import ObligationKind
from association.services.obligations import obligation_create
from tests.campaigns.helpers import make_alert, make_campaign, record
from tests.conftest import client_for
from tests.disasters.helpers import make_event
from tests.governance.test_queries import governance_rows
from tests.mediation.helpers import make_case
from tests.selfregulation.helpers import make_finding, make_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, shipped_data):
    settings.MEDIA_ROOT = tmp_path


def one_of_everything(world, n):
    now = timezone.now()
    org = world.org_a_branch if n % 2 else world.org_b
    obligation_create(
        organisation=org, kind=ObligationKind.DATA_RETURN, title=f"报表{n}", due_at=now + dt.timedelta(days=n - 3)
    )
    make_case(world, respondent=org)
    make_event(world, organisations=[org], now=now, occurred_at=now - dt.timedelta(hours=2), known_at=now)
    make_finding(world, make_inspection(world, orgs=[org]), found_on=timezone.localdate())
    campaign = make_campaign(world, participants=[world.org_a_branch, world.org_b], title=f"宣传活动{n}")
    record(world, campaign, organisation=world.org_a_branch)
    make_alert(world, organisation=org)
    governance_rows(world, n)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("staff", "/staff/"),
        ("regulator_x", "/overview/"),
        ("member_a_manager", "/overview/"),
        ("regulator_province", "/overview/?period=ytd"),
    ],
)
def test_home_pages_keep_their_query_count(world, client, role, url, django_assert_max_num_queries):
    c = client_for(client, world.users[role])
    for n in range(2):
        one_of_everything(world, n)
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    for n in range(2, 8):
        one_of_everything(world, n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert c.get(url).status_code == 200
