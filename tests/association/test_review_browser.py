"""Staff clear five submissions with "accept selected" in a real browser (zh-CN, 1,366 px and 390 px).
Screenshots: test-artifacts/review-queue-<width>.png, test-artifacts/review-cleared-<width>.png."""

import datetime as dt

import pytest
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus
from association.models import Obligation
from association.services.obligations import obligation_create, obligation_submit
from tests import browser
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, browser.requires_chromium]

TITLES = [
    "2026年10月业务数据报送",
    "防灾减灾工作情况书面报告",
    "消费者权益保护自查报告",
    "年度联系人确认",
    "整改情况报告",
]


@pytest.fixture(params=[1366, 390], ids=["wide", "phone"])
def page(request, chromium, live_server, world):
    with browser.page(chromium, live_server.url, width=request.param, height=900) as p:
        p.width = request.param
        yield p


def test_staff_clear_five_submissions_with_accept_selected(page, world):
    now = timezone.now()
    kinds = [
        ObligationKind.DATA_RETURN,
        ObligationKind.NOTICE_REPLY,
        ObligationKind.SELF_INSPECTION,
        ObligationKind.CONTACTS_CONFIRMATION,
        ObligationKind.RECTIFICATION_REPORT,
    ]
    for i, (title, kind) in enumerate(zip(TITLES, kinds, strict=True)):
        org, member = (world.org_a, "member_a_manager") if i % 2 == 0 else (world.org_b, "member_b")
        ob = obligation_create(organisation=org, kind=kind, title=title, due_at=now + dt.timedelta(days=3 + i))
        # the contacts confirmation is submitted by its page's service (through_subject), the others in the inbox
        obligation_submit(obligation=ob, actor=world.users[member], text="报送材料见附件说明。", through_subject=True)

    browser.sign_in(page, "staff", TEST_PASSWORD)
    page.goto("/inbox/?status=review")
    assert page.locator("#review-left").get_attribute("data-count") == "5"
    assert page.locator("#inbox-table tbody tr").count() == 5
    page.check("#select-all")
    assert page.locator("input[name=obligation]:checked").count() == 5
    browser.screenshot(page, f"review-queue-{page.width}")
    with page.expect_navigation():
        page.click("#accept-selected")
    assert "已通过5份报送。" in page.inner_text("main") and "还有0份报送待审核。" in page.inner_text("main")
    assert page.locator("#review-left").get_attribute("data-count") == "0"
    browser.screenshot(page, f"review-cleared-{page.width}")
    assert Obligation.objects.filter(status=ObligationStatus.ACCEPTED).count() == 5
