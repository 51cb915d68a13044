"""One English word, several meanings: each page says the right Chinese word (translation contexts).
The pages are rendered in zh-hans, the portal's default language."""

import datetime as dt

import pytest
from django.utils import timezone

from association.choices import ObligationKind
from association.services.obligations import obligation_create
from disasters.choices import Grade
from disasters.services.responses import response_open
from mediation.services.cases import case_accept
from tests.campaigns.helpers import make_campaign
from tests.conftest import client_for
from tests.disasters.helpers import KNOWN, make_event
from tests.mediation.helpers import make_case

pytestmark = pytest.mark.django_db


def _page(client, user, url):
    response = client_for(client, user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_period_picker_says_start_and_end_dates_not_old_and_new_values(world, client):
    page = _page(client, world.users["staff"], "/staff/")
    assert 'for="date_from">开始日期</label>' in page and 'for="date_to">结束日期</label>' in page
    assert "原值" not in page and "新值" not in page


def test_panel_link_says_view_not_still_owed(world, client):
    page = _page(client, world.users["regulator_x"], "/overview/")
    assert "查看 →</a>" in page and "待报送 →" not in page


def test_obligation_kind_filter_says_kind_of_obligation(world, client):
    obligation_create(
        organisation=world.org_b,
        kind=ObligationKind.DATA_RETURN,
        title="乙公司月报",
        due_at=timezone.now() + dt.timedelta(days=3),
        actor=world.users["staff"],
    )
    page = _page(client, world.users["staff"], "/admin/association/obligation/")
    assert "以 事项类型" in page and "以 机构类型" in page  # the obligation's kind and its organisation's kind


def test_activity_form_says_kind_of_activity(world, client):
    campaign = make_campaign(world)
    page = _page(client, world.users["member_a_manager"], f"/campaigns/{campaign.pk}/activities/new/")
    assert "活动类型" in page and "机构类型" not in page


def test_timeliness_table_says_not_reported(world, client):
    event = make_event(world, organisations=[world.org_a_branch])
    response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    page = _page(client, world.users["staff"], f"/disasters/{event.pk}/")
    table = page.split('id="timeliness"', 1)[1].split("</table>", 1)[0]
    assert 'data-state="missing">未报<' in table and "未登记" not in table


def test_accepted_mediation_case_says_taken_on(world, client):
    case = case_accept(case=make_case(world), actor=world.users["staff"], accepted_on=dt.date(2026, 3, 3))
    page = _page(client, world.users["staff"], f"/mediation/cases/{case.pk}/")
    assert "已受理" in page and "已通过" not in page


def test_contact_person_has_a_name_not_a_title(world, client):
    page = _page(client, world.users["staff"], f"/organisations/{world.org_a.pk}/contacts/publicity/A/")
    assert "姓名" in page and ">名称<" not in page


def test_language_menu_names_each_language_in_itself(world, client):
    page = _page(client, world.users["member_a_manager"], "/inbox/")
    menu = page.split('id="language-form"', 1)[1].split("</select>", 1)[0]
    assert '<option value="en">English</option>' in menu and "简体中文" in menu and "英语" not in menu
