"""Staff compose and issue a notice to all property insurers and remind the late ones, in a real browser (zh-CN,
1,366 px and 390 px). Screenshots: test-artifacts/notice-compose-<width>.png, notice-preview-<width>.png,
notice-replies-<width>.png, notice-reminded-<width>.png."""

import datetime as dt

import pytest
from django.utils import timezone

from association.choices import OrganisationKind
from association.models import Notice, Notification, Obligation, ReminderLog
from association.services.obligations import obligation_submit
from tests import browser
from tests.factories import TEST_PASSWORD, OrganisationFactory

pytestmark = [pytest.mark.browser, browser.requires_chromium]


@pytest.fixture(params=[1366, 390], ids=["wide", "phone"])
def page(request, chromium, live_server, world):
    with browser.page(chromium, live_server.url, width=request.param, height=900) as p:
        p.width = request.param
        yield p


def test_staff_compose_issue_and_remind_the_late_ones(page, world):
    # a life insurer is a member too, but not a property insurer: it must not receive the notice
    OrganisationFactory(name="丙人寿新疆分公司", kind=OrganisationKind.LIFE_INSURER, region=world.province)
    browser.sign_in(page, "staff", TEST_PASSWORD)
    page.goto("/notices/")
    with page.expect_navigation():
        page.click("#notice-compose")
    page.fill("#id_title", "关于报送2026年汛期防灾减灾工作情况的通知")
    page.fill("#id_body", "各财产保险公司：\n请总结汛期防灾减灾工作，按时书面报送协会。")
    page.check("input[name=kinds][value=property_insurer]")
    page.fill("#id_reply_title_1", "汛期防灾减灾工作情况报告")
    due = (timezone.localtime() + dt.timedelta(days=5)).replace(hour=17, minute=0)
    page.fill("#id_reply_due_1", due.strftime("%Y-%m-%dT%H:%M"))
    browser.screenshot(page, f"notice-compose-{page.width}", full_page=True)
    with page.expect_navigation():
        page.click("#notice-save")

    # the preview: what recipients will see, and who they are (the three property insurers' offices)
    assert page.locator("#preview-recipient-count").get_attribute("data-count") == "3"
    recipients = page.inner_text("#preview-recipients")
    assert "乙财险新疆分公司" in recipients and "丙人寿" not in recipients
    browser.screenshot(page, f"notice-preview-{page.width}", full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#notice-issue")
    notice = Notice.objects.get()
    assert notice.reference and notice.reference in page.inner_text("main")
    assert page.locator("#count-not-yet").get_attribute("data-count") == "3"

    # member B replies; staff remind the other two
    ob_b = Obligation.objects.get(subject_id=notice.pk, organisation=world.org_b)
    obligation_submit(obligation=ob_b, actor=world.users["member_b"], text="汛期工作情况报告见附件。")
    page.reload()
    assert page.locator("#count-replied").get_attribute("data-count") == "1"
    browser.screenshot(page, f"notice-replies-{page.width}", full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#notice-remind")
    assert "已催报2家尚未回复的单位。" in page.inner_text("main")
    assert page.locator(f"#reply-{ob_b.pk} .last-reminded").inner_text() == "—"
    browser.screenshot(page, f"notice-reminded-{page.width}", full_page=True)
    assert ReminderLog.objects.filter(step__startswith="remind:").count() == 2
    assert not Notification.objects.filter(user=world.users["member_b"], title__startswith="催报").exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
