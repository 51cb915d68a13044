"""Browser journeys across the product (quality gate 4), each ending in a screenshot kept in
test-artifacts/: a member submits a disaster loss report and sees it in the roll call; a mediator
records a successful case. (Staff accepting a rectification report is
tests/selfregulation/test_browser.py; a regulator opening the overview and exporting a table is
tests/association/test_browser.py.)"""

import datetime as dt

import pytest
from django.utils import timezone

from disasters.models import LossReport
from mediation.models import Case
from tests import browser
from tests.disasters.helpers import make_event
from tests.factories import TEST_PASSWORD
from tests.mediation.helpers import assigned_case

pytestmark = [pytest.mark.browser, browser.requires_chromium]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def page(chromium, live_server, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with browser.page(chromium, live_server.url) as p:
        yield p


def test_member_submits_a_loss_report_and_sees_it_in_the_roll_call(page, live_server, world):
    now = timezone.now()
    event = make_event(world, now=now, occurred_at=now - dt.timedelta(hours=2), known_at=now - dt.timedelta(hours=1))
    browser.sign_in(page, "member_a_manager", TEST_PASSWORD)
    page.goto("/disasters/")
    with page.expect_navigation():
        page.click(f"a[href='/disasters/{event.pk}/loss-report/']")
    page.select_option("#id_organisation", str(world.org_a_branch.pk))
    for field, value in {
        "policies_affected": "37",
        "claims_reported": "12",
        "estimated_loss": "860000",
        "claims_paid": "15000",
        "advance_payments": "50000",
        "staff_deployed": "9",
    }.items():
        page.fill(f"#id_{field}", value)
    page.fill("#id_problems", "部分乡镇道路中断，查勘人员无法到达现场")
    with page.expect_navigation():
        page.click("main form button")
    assert LossReport.objects.filter(event=event, organisation=world.org_a_branch, policies_affected=37).exists()
    assert page.url == f"{live_server.url}/disasters/{event.pk}/loss-report/"  # back on the page, with the roll call
    row = page.locator("#roll-call tbody tr", has_text=str(world.org_a_branch))
    assert row.locator("td").last.inner_text().strip() == "✓"  # today's report is in
    browser.screenshot(page, "journey-loss-report-roll-call")


def test_mediator_records_a_successful_case(page, live_server, world, tmp_path):
    case = assigned_case(world)
    browser.sign_in(page, "mediator", TEST_PASSWORD)
    page.goto("/mediation/cases/")
    with page.expect_navigation():
        page.click(f"a[href='/mediation/cases/{case.pk}/']")
    session = page.locator("form.action-session")
    session.locator("select[name=mode]").select_option("video")
    session.locator("input[name=attendees]").fill("申请人张三、被申请人代表、调解员")
    session.locator("textarea[name=notes]").fill("双方就赔付金额达成一致意向")
    with page.expect_navigation():
        session.locator("button").click()
    assert Case.objects.get(pk=case.pk).status == "in_sessions"
    agreement = tmp_path / "调解协议.pdf"
    agreement.write_bytes(PDF)
    succeed = page.locator("form.action-succeed")
    succeed.locator("input[name=settlement_amount]").fill("9800.00")
    succeed.locator("input[name=agreement_file]").set_input_files(str(agreement))
    with page.expect_navigation():
        succeed.locator("button").click()
    case.refresh_from_db()
    assert case.status == "succeeded" and str(case.settlement_amount) == "9800.00" and case.agreement_file
    assert page.locator("form.action-apply_confirmation").is_visible()  # the next step, and only that one
    assert page.locator("form.action-session").count() == 0
    browser.screenshot(page, "journey-mediator-success")


def test_date_inputs_carry_their_value_in_iso_form(world, client):
    """An <input type=date> shows only a YYYY-MM-DD value; a localised one (2026/11/22) leaves it empty,
    which the loss-report journey found (the report date came up blank in a Chinese browser)."""
    from tests.conftest import client_for

    now = timezone.now()
    event = make_event(world, now=now, occurred_at=now - dt.timedelta(hours=2), known_at=now - dt.timedelta(hours=1))
    html = client_for(client, world.users["member_a_manager"]).get(f"/disasters/{event.pk}/loss-report/").content
    assert f'value="{timezone.localdate():%Y-%m-%d}"'.encode() in html
