"""Headless Chromium for browser tests (Playwright's sync API against Debian's chromium).

No browser is ever downloaded: ``playwright install`` is not used. Tests drive the
``chromium`` binary of the Debian package and are skipped, with a hint, where it is missing.

Usage in a test module::

    from tests import browser

    pytestmark = [pytest.mark.browser, browser.requires_chromium]

    @pytest.fixture(scope="module")
    def chromium():
        with browser.launch() as b:
            yield b

    def test_something(chromium, live_server, world):
        with browser.page(chromium, live_server.url) as page:
            browser.sign_in(page, "member_a_manager", TEST_PASSWORD)
            browser.screenshot(page, "something")
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"  # git-ignored
INSTALL_HINT = "install Debian's chromium package: apt-get install chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 15_000


def chromium_path() -> str | None:
    """The Debian chromium binary, or ``None`` when it is not installed."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


requires_chromium = pytest.mark.skipif(chromium_path() is None, reason=INSTALL_HINT)


@contextmanager
def allow_sync_orm() -> Iterator[None]:
    """Playwright's sync API keeps an event loop in this thread; let the ORM run beside it."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextmanager
def launch(*, headless: bool = True):
    """A running headless Chromium (``playwright.sync_api.Browser``); skips the test when absent."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    with allow_sync_orm(), sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=headless, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def page(chromium, base_url: str, *, locale: str = "zh-CN", width: int = 1280, height: int = 900):
    """A page in a fresh context (own cookies), with relative URLs resolved against ``base_url``."""
    context = chromium.new_context(
        base_url=base_url,
        locale=locale,
        viewport={"width": width, "height": height},
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page, username: str, password: str, *, path: str = "/accounts/login/") -> None:
    """Fill and submit the portal's login form, then wait for the next page to load."""
    page.goto(path)
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def stylesheet_applied(page) -> bool:
    """Whether the portal's own CSS (static/css/portal.css: body background #f6f7f9) was loaded."""
    return page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(246, 247, 249)"
