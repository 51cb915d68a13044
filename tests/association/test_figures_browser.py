"""Figures read like Chinese reports in a real browser (issue 15, point 8; zh-CN, 1,366 px): the overview,
the inbox's live countdowns, a disaster event in 万元, the mediation statistics.
Screenshots: test-artifacts/figures-overview.png, figures-inbox.png, figures-disaster.png,
figures-mediation-statistics.png; at 390 px figures-overview-390.png, figures-mediation-390.png."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from association.choices import ObligationKind
from association.services.obligations import obligation_create
from disasters.choices import Grade
from disasters.services.loss_reports import loss_report_submit
from disasters.services.responses import response_open
from tests import browser
from tests.disasters.helpers import FIGURES, KNOWN, make_event
from tests.factories import TEST_PASSWORD
from tests.mediation.helpers import make_case

pytestmark = [pytest.mark.browser, browser.requires_chromium]


@pytest.fixture
def page(chromium, live_server, world):
    with browser.page(chromium, live_server.url, width=1366, height=900) as p:
        yield p


def test_figures_read_like_reports(page, world):
    now = timezone.now()
    for org, title, due in [
        (world.org_a, "2026年11月业务数据报送", dt.timedelta(days=3, hours=4, minutes=30)),
        (world.org_b, "防灾减灾工作情况书面报告", dt.timedelta(hours=5, minutes=12, seconds=30)),
        (world.org_a_branch, "消费者权益保护自查报告", -dt.timedelta(days=2, hours=6)),
    ]:
        obligation_create(organisation=org, kind=ObligationKind.DATA_RETURN, title=title, due_at=now + due)
    make_case(world, amount_in_dispute=Decimal("1234567.80"), received_on=timezone.localdate())
    event = make_event(world, organisations=[world.org_a_branch, world.org_b], est_property_loss=Decimal("123456789"))
    response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    loss_report_submit(
        event=event,
        organisation=world.org_a_branch,
        actor=world.users["member_a_manager"],
        now=KNOWN,
        **(FIGURES | {"estimated_loss": Decimal("23456789.50"), "claims_paid": Decimal("1234500")}),
    )

    browser.sign_in(page, "staff", TEST_PASSWORD)
    page.goto("/overview/?period=ytd")
    mediation = page.inner_text("#panel-mediation")
    assert "123.46" in mediation and "合计" in mediation  # 1,234,567.80 yuan in 万元, the totals row
    browser.screenshot(page, "figures-overview")

    page.goto("/inbox/")
    page.wait_for_timeout(1200)  # countdown.js has rewritten the texts
    text = page.inner_text("#inbox-table")
    assert "还剩 3 天 4 小时" in text and "还剩 5 小时 12 分" in text and "已逾期 2 天 6 小时" in text
    assert not any(":" in t for t in page.locator(".countdown").all_inner_texts())  # no clock any more
    browser.screenshot(page, "figures-inbox")

    page.goto(f"/disasters/{event.pk}/")
    detail = page.inner_text("main")
    assert "12,345.68" in detail and "2,345.68" in detail  # 123,456,789 and 23,456,789.50 yuan in 万元
    browser.screenshot(page, "figures-disaster")

    page.goto("/mediation/statistics/")
    statistics = page.inner_text("#by-source")
    assert "123.46" in statistics
    browser.screenshot(page, "figures-mediation-statistics")


def test_figures_on_a_phone(chromium, live_server, world):
    """The same figures at 390 px: the tables scroll inside their card, the page does not scroll sideways."""
    make_case(world, amount_in_dispute=Decimal("1234567.80"), received_on=timezone.localdate())
    with browser.page(chromium, live_server.url, width=390, height=844) as page:
        browser.sign_in(page, "staff", TEST_PASSWORD)
        for path, name in [
            ("/overview/?period=ytd", "figures-overview-390"),
            ("/mediation/statistics/", "figures-mediation-390"),
        ]:
            page.goto(path)
            assert "123.46" in page.inner_text("main")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
            browser.screenshot(page, name)
