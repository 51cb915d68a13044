"""A member answers an obligation in a real browser: inbox with live countdowns, then a submission
with a text and a small PDF. Screenshots: test-artifacts/inbox.png, test-artifacts/obligation-submitted.png.
"""

import datetime as dt

import pytest
from django.utils import timezone

from association.choices import ObligationKind
from association.models import Submission
from association.services.obligations import obligation_create, obligation_submit
from tests import browser
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, browser.requires_chromium]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def page(chromium, live_server, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the live server runs in this process: same settings
    with browser.page(chromium, live_server.url) as p:
        yield p


def test_member_submits_text_and_pdf_from_the_inbox(page, live_server, world):
    now = timezone.now()
    owed = obligation_create(
        organisation=world.org_a,
        kind=ObligationKind.DATA_RETURN,
        title="2026年一季度业务数据报送",
        description="请报送一季度保费收入、赔付支出等数据，并附情况说明。",
        due_at=now + dt.timedelta(minutes=50),  # under an hour the countdown shows its seconds, so it ticks
    )
    overdue = obligation_create(
        organisation=world.org_a_branch,
        kind=ObligationKind.NOTICE_REPLY,
        title="防灾减灾工作情况书面报告",
        due_at=now - dt.timedelta(days=1, hours=3),
    )
    waiting = obligation_create(
        organisation=world.org_a,
        kind=ObligationKind.CONTACTS_CONFIRMATION,
        title="年度联系人确认",
        due_at=now + dt.timedelta(days=9),
    )
    obligation_submit(  # as its confirmation page's service does
        obligation=waiting, actor=world.users["member_a_reporter"], text="已确认", through_subject=True
    )

    browser.sign_in(page, "member_a_manager", TEST_PASSWORD)
    page.goto("/inbox/")
    rows = page.locator("#inbox-table tbody tr")
    assert [rows.nth(i).get_attribute("id") for i in range(rows.count())] == [
        f"obligation-{overdue.pk}",
        f"obligation-{owed.pk}",
        f"obligation-{waiting.pk}",
    ]  # next due first
    countdown = page.locator(f"#obligation-{owed.pk} [data-due]")
    first = countdown.inner_text()
    page.wait_for_function(
        "([selector, before]) => document.querySelector(selector).textContent !== before",
        arg=[f"#obligation-{owed.pk} [data-due]", first],
        timeout=5_000,
    )  # the countdown runs
    assert countdown.get_attribute("data-overdue") == "false"
    assert first.startswith("还剩") and "分" in first and "秒" in first  # minutes and seconds under an hour
    overdue_row = page.locator(f"#obligation-{overdue.pk}")
    assert "table-danger" in overdue_row.get_attribute("class")
    assert overdue_row.locator("[data-due]").get_attribute("data-overdue") == "true"
    assert page.locator(f"#obligation-{waiting.pk} [data-due]").count() == 0  # waiting for review
    assert browser.stylesheet_applied(page)
    browser.screenshot(page, "inbox")

    with page.expect_navigation():
        page.click(f"#obligation-{owed.pk} td:first-child a")
    assert page.url == f"{live_server.url}/obligations/{owed.pk}/"
    assert page.locator("#obligation-title").inner_text() == owed.title
    assert page.locator("#no-submissions").is_visible()
    page.fill("#id_text", "一季度数据已按要求报送，情况说明见附件。")
    page.set_input_files(
        "#id_files", files=[{"name": "一季度数据情况说明.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with page.expect_navigation():
        page.click("#submit-form button[name=action][value=submit]")

    assert page.url == f"{live_server.url}/obligations/{owed.pk}/"
    version = page.locator("#submission-v1")
    assert version.is_visible()
    assert "一季度数据已按要求报送" in version.locator(".submission-text").inner_text()
    link = version.locator(".attachments a")
    assert link.inner_text() == "一季度数据情况说明.pdf"
    assert page.locator("#obligation-status").get_attribute("data-status") == "submitted"
    assert page.locator("#submit-form").count() == 0
    assert page.locator("main .alert-success").is_visible()
    browser.screenshot(page, "obligation-submitted")

    submission = Submission.objects.get(obligation=owed)
    assert submission.attachments.get().original_name == "一季度数据情况说明.pdf"
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "一季度数据情况说明.pdf"
    assert download.value.path().read_bytes() == PDF
