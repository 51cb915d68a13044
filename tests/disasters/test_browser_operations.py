"""A regulator (the provincial bureau) records an event, opens a response at level III and raises it to II in a
real browser (zh-CN, 1,366 px and 390 px), confirming each step; the event's timeline shows every step.
Screenshots: test-artifacts/disaster-record-<width>.png, disaster-step-<width>.png, disaster-event-<width>.png."""

import pytest

from disasters.models import Event, LevelChange, Response
from tests import browser
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, browser.requires_chromium]


@pytest.fixture(params=[1366, 390], ids=["wide", "phone"])
def page(request, chromium, live_server, world):
    with browser.page(chromium, live_server.url, width=request.param, height=900) as p:
        p.width = request.param
        yield p


def _confirm_each_step(page, asked):
    def accept(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)


def test_a_regulator_records_an_event_opens_a_response_and_raises_it(page, world):
    from playwright.sync_api import expect

    asked = []
    _confirm_each_step(page, asked)
    browser.sign_in(page, "regulator_province", TEST_PASSWORD)
    page.goto("/disasters/")
    with page.expect_navigation():
        page.click("#record-event")

    page.fill("#id_title", "伊犁河谷暴雨洪涝")
    page.select_option("#id_hazard", "flood")
    page.fill("#id_occurred_at", "2026-07-01T06:30")
    page.fill("#id_known_at", "2026-07-01T08:00")
    page.check(f"input[name=regions][value='{world.region_x.pk}']")
    page.fill("#id_est_property_loss", "12000000")
    expect(page.locator("#grade-preview")).to_have_attribute("data-grade", "III")
    assert "III" in page.inner_text("#grade-preview") and "财产" in page.inner_text("#grade-preview")
    page.fill("#id_est_property_loss", "0")
    page.fill("#id_insured_deaths", "12")  # the deaths criterion now sets grade II, as it is typed
    expect(page.locator("#grade-preview")).to_have_attribute("data-grade", "II")
    page.fill("#id_insured_deaths", "6")
    page.fill("#id_est_property_loss", "12000000")
    expect(page.locator("#grade-preview")).to_have_attribute("data-grade", "III")
    browser.screenshot(page, f"disaster-record-{page.width}")
    with page.expect_navigation():
        page.click("#event-save")
    assert len(asked) == 1  # recording starts the companies' clocks: confirmed first
    event = Event.objects.get()
    assert event.computed_grade == "III" and page.url.endswith(f"/disasters/{event.pk}/")

    with page.expect_navigation():
        page.click("#step-open")
    page.select_option("#id_level", "III")
    page.fill("#id_reason", "较大灾害事故,启动III级响应")
    with page.expect_navigation():
        page.click("#step-submit")
    assert len(asked) == 2 and Response.objects.get().level == "III"

    with page.expect_navigation():
        page.click("#step-change")
    page.select_option("#id_level", "II")
    page.fill("#id_reason", "伤亡人数上升,提升至II级响应")
    browser.screenshot(page, f"disaster-step-{page.width}")
    with page.expect_navigation():
        page.click("#step-submit")
    assert len(asked) == 3 and Response.objects.get().level == "II"

    history = page.inner_text("#history")
    assert "较大灾害事故,启动III级响应" in history and "伤亡人数上升,提升至II级响应" in history
    assert str(world.bureau) in history  # the office on whose authority each step was taken
    assert page.locator("#history tr.history-step[data-kind=level]").count() == 2
    assert "II" in page.inner_text("#response-level")
    steps = LevelChange.objects.filter(event=event, kind="level").order_by("at", "id")
    assert [(c.from_value, c.to_value) for c in steps] == [("", "III"), ("III", "II")]
    assert all(c.actor.username == "regulator_province" and not c.on_behalf for c in steps)
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not overflow, "the event page scrolls sideways"
    browser.screenshot(page, f"disaster-event-{page.width}")
