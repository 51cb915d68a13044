"""The main flow in a real browser: a member records an activity with a photo and sees its score; staff
see the campaign dashboard with its chart. Asserts on ids and data, not on interface text."""

import pytest
from django.utils import timezone

from tests import browser
from tests.association.test_attachments import make_png
from tests.campaigns.helpers import make_campaign
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, browser.requires_chromium]


@pytest.fixture
def page(chromium, live_server, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with browser.page(chromium, live_server.url) as p:
        yield p


def test_member_records_activity_and_staff_see_dashboard(page, live_server, world, chromium):
    campaign = make_campaign(world, participants=[world.org_a_branch, world.org_b])
    browser.sign_in(page, "member_a_manager", TEST_PASSWORD)
    with page.expect_navigation():
        page.click("#nav-campaigns")
    with page.expect_navigation():
        page.click(f"#campaign-list a[href='/campaigns/{campaign.pk}/']")
    assert page.locator("#obligations").is_visible()
    with page.expect_navigation():
        page.click("#record-activity")
    page.select_option("#id_organisation", str(world.org_a_branch.pk))
    page.select_option("#id_kind", "live_stream")
    page.fill("#id_title", "消保知识线上直播")
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.fill("#id_audience", "0")
    page.fill("#id_views", "32000")
    page.check("#id_original_content")
    page.set_input_files("#id_photos", files=[{"name": "直播.png", "mimeType": "image/png", "buffer": make_png()}])
    with page.expect_navigation():
        page.click("#activity-form button")
    assert page.url == f"{live_server.url}/campaigns/{campaign.pk}/"
    assert "消保知识线上直播" in page.locator("#activities").inner_text()
    assert "直播.png" in page.locator("#activities").inner_text()
    ranking = page.locator("#ranking").inner_text()
    assert world.org_a_branch.name in ranking and world.org_b.name not in ranking
    # live stream 4 + original 1 + views 3 (32,000: 3 steps) - 2 (the plan was due yesterday) = 6.0
    assert "6.0" in ranking
    browser.screenshot(page, "campaigns-member-detail")

    with browser.page(chromium, live_server.url) as staff_page:
        browser.sign_in(staff_page, "staff", TEST_PASSWORD)
        staff_page.goto(f"/campaigns/{campaign.pk}/")
        assert staff_page.locator("#activity-count").inner_text() == "1"
        assert "1" in staff_page.locator("#participation").inner_text()
        staff_page.wait_for_selector("#kind-chart canvas")
        assert world.org_b.name in staff_page.locator("#ranking").inner_text()
        browser.screenshot(staff_page, "campaigns-staff-dashboard")
