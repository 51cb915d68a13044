"""The association core in a real browser: sign in by role, language switch, a failed sign-in.

Asserts on ids, URLs and data, not on Chinese interface text (translations may not be compiled).
Screenshots land in test-artifacts/ for a human to look at.
"""

import re

import pytest

from tests import browser
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, browser.requires_chromium]


@pytest.fixture
def page(chromium, live_server, world):
    # `live_server` makes the test transactional, so `world` is committed and the server thread sees it
    with browser.page(chromium, live_server.url) as p:
        yield p


def test_member_manager_signs_in_to_own_organisation(page, live_server, world):
    browser.sign_in(page, "member_a_manager", TEST_PASSWORD)

    assert page.url == f"{live_server.url}/overview/"  # the member home: what it owes and has open
    assert page.locator("#panel-obligations").is_visible()
    browser.screenshot(page, "member-overview")
    with page.expect_navigation():
        page.click("#my-organisation")
    assert page.url == f"{live_server.url}/organisations/{world.org_a.pk}/"
    assert page.locator("#organisation-name").inner_text() == world.org_a.name
    assert page.locator("#current-user").inner_text() == "member_a_manager"
    table = page.locator("#contacts-table")
    assert table.is_visible()
    assert world.contact_a.name in table.inner_text()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert browser.stylesheet_applied(page), "static/css/portal.css was not served"
    browser.screenshot(page, "member-organisation")


def test_language_selector_switches_to_english(page, live_server, world):
    browser.sign_in(page, "member_a_manager", TEST_PASSWORD)
    page.goto(f"/organisations/{world.org_a.pk}/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    with page.expect_navigation():
        page.select_option("#language-form select[name=language]", "en")

    assert page.url == f"{live_server.url}/organisations/{world.org_a.pk}/"  # set_language's `next`
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#language-form select").input_value() == "en"
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.locator("#organisation-name").inner_text() == world.org_a.name
    assert browser.stylesheet_applied(page)
    browser.screenshot(page, "member-organisation-en")

    page.goto(f"/organisations/{world.org_a.pk}/")  # the choice sticks (language cookie)
    assert page.locator("html").get_attribute("lang") == "en"


def test_regulator_opens_the_overview_exports_a_table_and_sees_the_region(page, live_server, world):
    browser.sign_in(page, "regulator_x", TEST_PASSWORD)

    assert page.url == f"{live_server.url}/overview/"
    assert page.locator("#panel-obligations").is_visible() and page.locator("#panel-mediation").is_visible()
    page.select_option("#period", "ytd")
    with page.expect_navigation():
        page.click("#period-picker button")
    assert "period=ytd" in page.url
    browser.screenshot(page, "regulator-overview")
    with page.expect_download() as download:
        page.click("#panel-mediation .export-link")
    assert download.value.suggested_filename.startswith("mediation-by-source-")
    assert download.value.suggested_filename.endswith(".xlsx")
    with page.expect_navigation():
        page.click(".region-link")
    assert page.url == f"{live_server.url}/regions/{world.region_x.code}/"
    assert world.region_x.name in page.locator("#region-name").inner_text()
    assert page.locator("#current-user").inner_text() == "regulator_x"
    # member companies of the prefecture are listed; A's branch and B sit in region X
    members = page.locator("main table").last.inner_text()
    assert world.org_a_branch.name in members
    assert world.org_b.name in members
    assert world.org_a.name not in members.replace(world.org_a_branch.name, "")
    assert browser.stylesheet_applied(page)
    browser.screenshot(page, "regulator-region")


def test_wrong_password_shows_error_and_stays_on_login(page, live_server, world):
    browser.sign_in(page, "member_a_manager", TEST_PASSWORD + "-wrong")

    assert re.fullmatch(rf"{re.escape(live_server.url)}/accounts/login/(\?.*)?", page.url)
    assert page.locator("main .alert-danger[role=alert]").is_visible()
    assert page.locator("#id_password").input_value() == ""
    assert page.locator("#id_login").input_value() == "member_a_manager"
    assert page.locator("#current-user").count() == 0
    browser.screenshot(page, "login-wrong-password")


def test_a_manager_replaces_a_contact_and_is_asked_for_the_date_the_new_person_took_over(chromium, live_server, world):
    """The form does not offer the previous person's date; a new person without one is asked for it (390 px)."""
    import datetime as dt

    from association.models import ContactPerson

    ContactPerson.objects.filter(pk=world.contact_a.pk).update(effective_from=dt.date(2020, 1, 6))
    with browser.page(chromium, live_server.url, width=390, height=844) as page:
        browser.sign_in(page, "member_a_manager", TEST_PASSWORD)
        page.goto(f"/organisations/{world.org_a.pk}/")
        assert page.locator("#contact-row-disaster").get_attribute("data-required") == "true"
        page.goto(f"/organisations/{world.org_a.pk}/contacts/{world.contact_a.duty}/{world.contact_a.slot}/")
        assert page.locator("input[name=effective_from]").input_value() == ""
        page.fill("input[name=name]", "新联系人")
        page.fill("input[name=phone]", "13800002222")
        with page.expect_navigation():
            page.click("form button.btn-primary")
        assert page.locator("input[name=effective_from] ~ .invalid-feedback").count() == 1
        browser.screenshot(page, "contact-change-needs-date-390")
        page.fill("input[name=effective_from]", "2026-11-23")
        with page.expect_navigation():
            page.click("form button.btn-primary")
        assert page.url == f"{live_server.url}/organisations/{world.org_a.pk}/"
        assert "新联系人" in page.locator("#contact-row-disaster").inner_text()
    contact = ContactPerson.objects.get(pk=world.contact_a.pk)
    assert (contact.name, contact.effective_from) == ("新联系人", dt.date(2026, 11, 23))
