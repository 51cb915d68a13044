"""The main flow in a real browser: a member answers a rectification demand with a report and a PDF;
staff accept it; the statistics page draws the score chart. Screenshots in test-artifacts/:
selfregulation-finding.png, selfregulation-inspection.png, selfregulation-statistics.png.
"""

import pytest

from association.models import Obligation
from selfregulation.services.inspections import results_record
from tests import browser
from tests.factories import TEST_PASSWORD
from tests.selfregulation.helpers import make_finding, make_inspection

pytestmark = [pytest.mark.browser, browser.requires_chromium]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def page(chromium, live_server, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with browser.page(chromium, live_server.url) as p:
        yield p


def test_rectification_report_and_statistics(page, world, tmp_path):
    inspection = make_inspection(world, orgs=[world.org_a_branch, world.org_b])
    staff = world.users["staff"]
    for target, score in zip(inspection.targets.all(), ("9", "7"), strict=True):
        items = inspection.checklist.items.all()
        results_record(target=target, actor=staff, scores={i.pk: (score, "") for i in items})
    finding = make_finding(world, inspection, target=inspection.targets.get(organisation=world.org_a_branch))

    browser.sign_in(page, "member_a_reporter", TEST_PASSWORD)
    page.goto("/selfregulation/rectifications/")
    page.click(f"#rectification-list a[href='/selfregulation/findings/{finding.pk}/']")
    page.fill("#rect-text", "已建立投诉时限预警机制，补充整改台账。")
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(PDF)
    page.set_input_files("#rectification-submit input[type=file]", str(report))
    with page.expect_navigation():
        page.click("#rectification-submit button")
    assert "已建立投诉时限预警机制" in page.inner_text("main")
    assert browser.stylesheet_applied(page)
    browser.screenshot(page, "selfregulation-finding")
    assert Obligation.objects.get(pk=finding.rectification.obligation_id).status == "submitted"

    page.context.clear_cookies()
    browser.sign_in(page, "staff", TEST_PASSWORD)
    page.goto(f"/selfregulation/findings/{finding.pk}/")
    with page.expect_navigation():
        page.click("#rectification-review button[value=accept]")
    assert Obligation.objects.get(pk=finding.rectification.obligation_id).status == "accepted"
    page.goto(f"/selfregulation/inspections/{inspection.pk}/")
    assert world.org_b.name in page.inner_text("#targets")
    browser.screenshot(page, "selfregulation-inspection")
    page.goto("/selfregulation/statistics/?date_from=2026-01-01&date_to=2026-12-31")
    page.wait_for_selector("#score-chart canvas")
    assert "CP-3.1" in page.inner_text("#by-item")
    browser.screenshot(page, "selfregulation-statistics")
