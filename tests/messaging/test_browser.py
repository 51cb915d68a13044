"""The urgent channels in a real browser: A's manager adds the branch's WeCom robot on the channels page and
tries it; staff record a grade I flood in the admin; the robot (a loopback server) receives the phone clock;
its acknowledgement link, opened on a phone without signing in, takes "已收到"; the event page's timeline
shows who acknowledged, when and through what. Screenshots at 1,366 px and 390 px in test-artifacts/."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from disasters.models import Event
from messaging.models import Channel, Delivery, UrgentMessage
from messaging.services.delivery import deliver_due
from tests import browser
from tests.factories import TEST_PASSWORD
from tests.messaging import helpers
from tests.messaging.loopback import Loopback

pytestmark = [pytest.mark.browser, browser.requires_chromium]

WIDE, PHONE = 1366, 390
WECOM_URL = f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={helpers.WECOM_KEY}"
ACK_LINK = re.compile(r"https?://\S+/messages/ack/[^/\s]+/")


@pytest.fixture
def loopback(settings, live_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url  # the links in the messages lead to this portal
    with Loopback() as server:
        helpers.endpoints(settings, server)
        yield server


def shots(page, name: str) -> None:
    """The page at 1,366 px and at 390 px (a phone)."""
    for width in (WIDE, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        browser.screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": WIDE, "height": 900})


def test_grade_one_reaches_the_robot_and_the_acknowledgement_shows_on_the_event(
    chromium, live_server, world, loopback, shipped_data
):
    branch = world.org_a_branch
    helpers.sms_gateway(loopback)  # the association's gateway: contact A's text

    # A's manager adds the branch's WeCom robot and tries it
    with browser.page(chromium, live_server.url, width=WIDE) as page:
        browser.sign_in(page, "member_a_manager", TEST_PASSWORD)
        page.goto(f"/organisations/{branch.pk}/")
        with page.expect_navigation():
            page.click("#channels-page")
        with page.expect_navigation():
            page.click("#add-wecom")
        page.fill("#id_label", "伊犁应急值班群")
        page.fill("#id_target", WECOM_URL)
        shots(page, "messaging-channel-form")
        with page.expect_navigation():
            page.click("#channel-save")
        robot = Channel.objects.get(organisation=branch)
        assert page.url == f"{live_server.url}/messages/organisations/{branch.pk}/channels/"
        row = page.locator(f"#channel-{robot.pk}").inner_text()
        assert "伊犁应急值班群" in row and robot.target_masked in row and helpers.WECOM_KEY not in page.content()
        shots(page, "messaging-channels")
        with page.expect_navigation():
            page.click("#channels-test")
        assert page.locator("#test-summary").get_attribute("class").count("alert-success") == 1
        assert len(loopback.at("/wecom/")) == 1
        shots(page, "messaging-channel-test")

    # staff record a flood with grade I losses in the admin
    now = timezone.localtime()
    with browser.page(chromium, live_server.url, width=WIDE) as page:
        browser.sign_in(page, "staff", TEST_PASSWORD)
        page.goto("/admin/disasters/event/add/")
        page.fill("#id_title", "伊犁河谷特大洪涝")
        page.select_option("#id_hazard", "flood")
        for field, at in (("occurred_at", now - dt.timedelta(hours=1)), ("known_at", now - dt.timedelta(minutes=5))):
            page.fill(f"#id_{field}_0", at.strftime("%Y-%m-%d"))
            page.fill(f"#id_{field}_1", at.strftime("%H:%M:%S"))
        page.select_option("#id_regions_from", str(world.region_x.pk))
        page.click("#id_regions_add")
        page.fill("#id_est_property_loss", "1200000000")
        with page.expect_navigation():
            page.click("input[name=_save]")
        event = Event.objects.get(title="伊犁河谷特大洪涝")
        assert event.grade == "I"
        messages = UrgentMessage.objects.filter(kind="disaster_urgent_clocks", subject_id=event.pk)
        assert {m.organisation_id for m in messages} == {branch.pk, world.org_b.pk}

        # the deliverer sends the first step (what the worker does when woken); the robot gets the clock
        deliver_due()
        posts = [r for r in loopback.at("/wecom/") if "伊犁河谷特大洪涝" in r.json["text"]["content"]]
        assert len(posts) == 1 and posts[0].query["key"] == [helpers.WECOM_KEY]
        text = posts[0].json["text"]["content"]
        link = ACK_LINK.search(text).group(0)
        assert link.startswith(live_server.url)

        # someone in the WeCom group taps the link on a phone: no sign-in, one tap on "已收到"
        with browser.page(chromium, live_server.url, width=PHONE) as phone:
            phone.goto(link)
            assert "已收到" in phone.locator("#ack-button").inner_text()
            browser.screenshot(phone, "messaging-ack-390")
            with phone.expect_navigation():
                phone.click("#ack-button")
            assert phone.locator("#ack-done").is_visible()
            browser.screenshot(phone, "messaging-ack-done-390")
        message = messages.get(organisation=branch)
        assert message.acknowledged_at is not None and message.acknowledged_by == "伊犁应急值班群"
        assert Delivery.objects.get(message=message, channel=robot).acknowledged_at is not None
        assert messages.get(organisation=world.org_b).acknowledged_at is None

        # the event page's timeline: A's branch acknowledged through WeCom, B not yet
        page.goto(f"/disasters/{event.pk}/")
        acknowledged = page.locator(f"#urgent-message-{message.pk}")
        assert acknowledged.locator(".ack-badge").is_visible()
        assert "伊犁应急值班群" in acknowledged.locator(".ack-badge").inner_text()
        assert acknowledged.locator("tr.delivery-sent", has_text="伊犁应急值班群").count() == 1
        other = page.locator(f"#urgent-message-{messages.get(organisation=world.org_b).pk}")
        assert other.locator(".ack-badge").count() == 0
        page.locator("#delivery-timeline").scroll_into_view_if_needed()
        shots(page, "messaging-event-timeline")
