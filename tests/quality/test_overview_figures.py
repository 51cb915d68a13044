"""Every number on an overview links to exactly the rows it counts (issue 18, point 8).

For each role and each figure that counts rows, the page behind its link says how many rows it lists
(``data-total-count``, over all its pages); the two numbers must be equal. Figures that are not row
counts (rates, and the mediation figures that link to the statistics page whose table shows the same
figure by source) say so (``Figure.counts_rows = False``).
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from association.choices import ObligationKind
from association.overview.collect import collect_panels
from association.overview.panels import Period
from association.services.obligations import obligation_create, obligation_submit
from tests.conftest import client_for
from tests.quality.test_overview_queries import one_of_everything

pytestmark = pytest.mark.django_db

ROLES = ["staff", "regulator_x", "regulator_province", "member_a_manager", "member_a_reporter", "member_b"]
TOTAL = re.compile(r'data-total-count="(\d+)"')


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, shipped_data):
    settings.MEDIA_ROOT = tmp_path


def _data(world):
    now = timezone.now()
    for n in range(4):
        one_of_everything(world, n)
    # obligations in every state the figures distinguish: due this week, later, overdue, waiting for review
    staff = world.users["staff"]
    for days, org in [(-10, world.org_a), (30, world.org_a), (60, world.org_b), (1, world.org_b)]:
        obligation_create(
            organisation=org, kind=ObligationKind.DATA_RETURN, title=f"报表{days}", due_at=now + dt.timedelta(days=days)
        )
    waiting = obligation_create(
        organisation=world.org_a, kind=ObligationKind.DATA_RETURN, title="待审核", due_at=now + dt.timedelta(days=2)
    )
    obligation_submit(obligation=waiting, actor=staff, text="报送")


def _figures(user):
    today = timezone.localdate()
    for period_key in ("week", "month", "ytd"):
        period = Period.named(period_key, today)
        for panel in collect_panels(user=user, period=period, now=timezone.now()):
            for figure in panel.figures:
                yield period_key, panel.key, figure


@pytest.mark.parametrize("role", ROLES)
def test_every_figure_links_to_the_rows_it_counts(world, client, role):
    _data(world)
    user = world.users[role]
    c = client_for(client, user)
    checked, wrong = 0, []
    for period_key, panel_key, figure in _figures(user):
        if not isinstance(figure.value, int) or not figure.counts_rows or not figure.url:
            continue
        response = c.get(figure.url)
        assert response.status_code == 200, (panel_key, figure.label, figure.url, response.status_code)
        found = TOTAL.findall(response.content.decode())
        if len(found) != 1:
            wrong.append(f"{panel_key} · {figure.label}: {figure.url} shows no single row count ({found})")
        elif int(found[0]) != figure.value:
            wrong.append(f"{period_key} {panel_key} · {figure.label} = {figure.value}, {figure.url} lists {found[0]}")
        checked += 1
    assert checked >= 3
    assert not wrong, "\n".join(wrong)
