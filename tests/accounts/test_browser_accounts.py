"""Accounts in a real browser (zh-CN, 1,366 px and 390 px): staff invite three people from a file, one of
them (a regulator) sets a password, signs in and must set up the authenticator app before landing on the
home; a forgotten password reset by e-mail; a manager invites a colleague and deactivates another.
Screenshots in test-artifacts/accounts-*.png."""

import re

import pyotp
import pytest

from association.models import OutboundEmail
from tests import browser
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, browser.requires_chromium]
NEW_PASSWORD = "Tianshan-2026!go"


@pytest.fixture(params=[1366, 390], ids=["wide", "phone"])
def page(request, chromium, live_server, world):
    with browser.page(chromium, live_server.url, width=request.param, height=900) as p:
        p.width = request.param
        yield p


def _link(email: str, pattern: str) -> str:
    body = OutboundEmail.objects.filter(to=[email]).latest("created_at").body
    return re.search(pattern, body).group(1)


def _sign_out(page):
    page.goto("/account/")
    if not page.locator("form[action='/accounts/logout/'] button").is_visible():  # phone: the menu is folded
        page.click(".navbar-toggler")
    with page.expect_navigation():
        page.click("form[action='/accounts/logout/'] button")


def test_onboarding_from_a_file_to_two_factor_sign_in(page, live_server, world, settings, tmp_path):
    w = page.width
    regulator_region = world.sub_bureau_x
    people = tmp_path / "people.csv"
    people.write_text(
        "姓名,电子邮箱,手机,统一社会信用代码,角色\n"
        f"张三,zhang.san@example.org,13800001111,{world.org_a.credit_code},管理员\n"
        f"李四,li.si@example.org,13800002222,{world.org_a_branch.credit_code},填报员\n"
        f"王监管,wang.jg@example.org,13800003333,{regulator_region.credit_code},监管员\n",
        encoding="gbk",
    )
    browser.sign_in(page, "staff", TEST_PASSWORD)
    page.goto("/people/")
    page.set_input_files("#id_file", str(people))
    with page.expect_navigation():
        page.click("#upload-people")
    assert page.locator("#invitations tbody tr").count() == 3
    browser.screenshot(page, f"accounts-people-staff-{w}")
    _sign_out(page)

    settings.MFA_REQUIRED_FOR_PRIVILEGED = True  # as in production: regulators must use a second factor
    token = _link("wang.jg@example.org", r"/invitation/([\w-]+)/")
    page.goto(f"/invitation/{token}/")
    assert page.locator("#invited-username").inner_text() == "wang.jg@example.org"
    browser.screenshot(page, f"accounts-invitation-{w}")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    with page.expect_navigation():
        page.click("#set-password")
    assert "/accounts/login/" in page.url
    assert page.locator("#id_login").input_value() == "wang.jg@example.org"
    page.fill("#id_password", NEW_PASSWORD)
    with page.expect_navigation():
        page.click("#sign-in")
    if "/reauthenticate/" in page.url:  # allauth asks for the password again before a security change
        page.fill("#id_password", NEW_PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    assert page.url.endswith("/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    browser.screenshot(page, f"accounts-totp-setup-{w}")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.goto("/")
    assert page.url == f"{live_server.url}/overview/"  # a regulator's home
    assert page.locator("#current-user").inner_text() == "王监管"
    browser.screenshot(page, f"accounts-regulator-home-{w}")


def test_forgotten_password(page, live_server, world):
    w = page.width
    user = world.users["member_b"]
    user.email = "member.b@example.org"
    user.save()
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.click("a[href='/accounts/password/reset/']")
    browser.screenshot(page, f"accounts-reset-request-{w}")
    page.fill("#id_email", "member.b@example.org")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith("/accounts/password/reset/done/")
    path = _link("member.b@example.org", r"https?://[^/\s]+(/accounts/password/reset/key/\S+)")
    page.goto(path)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    browser.screenshot(page, f"accounts-reset-new-password-{w}")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    browser.sign_in(page, "member_b", NEW_PASSWORD)
    assert page.url == f"{live_server.url}/overview/"


def test_a_manager_invites_and_deactivates_colleagues(page, live_server, world):
    w = page.width
    browser.sign_in(page, "member_a_manager", TEST_PASSWORD)
    page.goto("/people/")
    page.fill("#id_name", "赵六")
    page.fill("#id_email", "zhao.liu@example.org")
    page.select_option("#id_organisation", str(world.org_a_branch.pk))
    page.select_option("#id_role", "member_reporter")
    with page.expect_navigation():
        page.click("#send-invitation")
    assert "zhao.liu@example.org" in page.locator("#invitations").inner_text()
    reporter_row = page.locator("#people tbody tr", has_text="member_a_reporter")
    with page.expect_navigation():
        reporter_row.locator("button", has_text="停用").click()
    assert "已停用" in page.locator("#people tbody tr", has_text="member_a_reporter").inner_text()
    browser.screenshot(page, f"accounts-people-manager-{w}")
    page.goto("/account/")
    browser.screenshot(page, f"accounts-account-page-{w}")
