"""No English in the Chinese interface, the admin included (issue 15, point 7).

Every page each role can open is rendered in zh-hans and its visible text (tests/visible_text.py: text
outside script and style, titles, placeholders, aria labels, button values, the options of every select,
the admin's action menu among them) must hold no English word beyond a short list of proper nouns. What
the database holds is data and may be shown as it is (organisation and user names, e-mail addresses), and
codes, addresses and file names are not words.

* The portal, one test per role: every page of the isolation matrix (tests/association/test_scope_matrix.py)
  the role may open, in the test world, plus the pages linked from them (one page per URL pattern).
* The admin, as association staff, an administrator and a superuser, on the demo data completed with a row
  of every model (as tests/quality/test_admin_pages.py does): the index, every app's index, and for every
  model its change list (with its actions), add form, the change form, history and delete confirmation
  of one object.
* The admin's JavaScript catalogue: the words its widgets write (the multi-select "Choose all", the
  calendar's "Today") are translated.

A failure names the page, where on it (element and nearest id, name or class), the text, and where the
English comes from (our catalogue, a third-party catalogue without Chinese, or no catalogue).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, resolve, reverse

from tests import browser
from tests.visible_text import EnglishFinder, database_values, source_of, visible_texts

pytestmark = pytest.mark.django_db

PORTAL_ROLES = [
    "staff",
    "administrator",
    "mediator",
    "member_a_manager",
    "member_a_reporter",
    "regulator_x",
    "regulator_province",
]
ADMIN_USERS = ["staff", "administrator"]
#: pages that are not the interface (machine-readable, or the API's own browsable renderer)
NOT_PAGES = re.compile(r"^/(api/|healthz|static/|media/|i18n/|accounts/logout)")
#: how many pages the crawl opens beyond the matrix, per role
CRAWL_LIMIT = 250


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _client(user) -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", raise_request_exception=False)
    c.cookies["django_language"] = "zh-hans"
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def _pattern(url: str) -> str:
    """One page per URL pattern: numbers and keys replaced, the query's names kept (not its values)."""
    parts = urlsplit(url)
    path = re.sub(r"/[^/]*\d[^/]*(?=/|$)", "/N", parts.path)
    names = sorted({q.split("=")[0] for q in parts.query.split("&") if q})
    return f"{path}?{'&'.join(names)}"


LINK = re.compile(r"""href="(/[^"#]*)""")


class Walk:
    """Open pages as one user, collect English found on them."""

    def __init__(self, client: Client, finder: EnglishFinder):
        self.client, self.finder = client, finder
        self.seen: set[str] = set()
        self.opened, self.failures, self.errors = 0, [], []

    def open(self, url: str, *, once_per_pattern: bool = True) -> str | None:
        key = _pattern(url) if once_per_pattern else url
        if key in self.seen or NOT_PAGES.match(url):
            return None
        self.seen.add(key)
        response = self.client.get(url)
        if response.status_code >= 500:
            self.errors.append(f"{url}: {response.status_code}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return None
        self.opened += 1
        html = response.content.decode()
        self.check(url, html)
        return html

    def check(self, url: str, html: str) -> None:
        reported = set()
        for where, text in visible_texts(html):
            words = self.finder.english(text)
            if words and (where, text) not in reported:
                reported.add((where, text))
                self.failures.append(f"{url}\n    {where}: {text[:160]!r}\n    English {words[:6]}; {source_of(text)}")

    def crawl(self, start: list[str], *, limit: int, admin_pages: bool = False) -> None:
        queue = list(start)
        budget = len(start) + limit
        while queue and self.opened < budget:
            url = queue.pop(0)
            html = self.open(url)
            if html is None:
                continue
            for link in LINK.findall(html):
                link = link.replace("&amp;", "&")
                if link.startswith("/admin/") == admin_pages and _pattern(link) not in self.seen:
                    queue.append(link)

    def report(self) -> str:
        return f"{len(self.failures)} English texts on {self.opened} pages:\n" + "\n".join(self.failures)


# --- the portal -------------------------------------------------------------------------------


def _administrator(world):
    from association.choices import Role
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="administrator", is_staff=True)
    MembershipFactory(user=user, organisation=world.association, role=Role.ADMINISTRATOR)
    return user


def _matrix_urls(world) -> list[str]:
    """The URL of every GET row of the isolation matrix, built in the world (a builder that fails on a
    world other rows have already added to is left out; the others still cover its page's template)."""
    from django.db import transaction

    from tests.association.test_scope_matrix import MATRIX

    urls = []
    for _name, method, build, _payload, _expected in MATRIX:
        if method != "get":
            continue
        try:
            with transaction.atomic():
                urls.append(build(world))
        except Exception:  # a row written for a fresh world
            continue
    return urls


@pytest.mark.parametrize("role", PORTAL_ROLES)
def test_no_english_on_any_portal_page(world, shipped_data, role):
    user = _administrator(world) if role == "administrator" else world.users[role]
    urls = ["/", *_matrix_urls(world)]
    walk = Walk(_client(user), EnglishFinder(database_values()))
    walk.crawl(urls, limit=CRAWL_LIMIT)
    assert walk.opened > 10, f"{role} opened only {walk.opened} pages"
    assert not walk.failures, walk.report()
    assert not walk.errors, walk.errors


# --- the admin --------------------------------------------------------------------------------


def _admin_urls(user) -> list[str]:
    urls = ["/admin/"]
    urls += sorted({f"/admin/{m._meta.app_label}/" for m in admin.site._registry})
    for model, model_admin in admin.site._registry.items():
        meta = model._meta

        def url(view, *args, meta=meta):
            try:
                return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)
            except NoReverseMatch:
                return None

        changelist = url("changelist")
        request = RequestFactory().get(changelist)
        request.user, request.resolver_match = user, resolve(changelist)
        obj = model_admin.get_queryset(request).order_by("pk").first() or model._default_manager.first()
        urls += [changelist, url("add")]
        if obj is not None:
            key = quote(obj.pk)
            urls += [url("change", key), url("history", key), url("delete", key)]
    return [u for u in urls if u]


@pytest.mark.parametrize("username", ADMIN_USERS)
def test_no_english_on_any_admin_page(shipped_data, username):
    from association.choices import Role
    from association.models import Membership, Organisation, User
    from tests.quality.test_admin_pages import complete_every_model

    complete_every_model()
    if username == "administrator":
        user = User.objects.create_user(username="administrator", password=None, is_staff=True)
        association = Organisation.objects.get(memberships__user__username="staff")
        Membership.objects.create(user=user, organisation=association, role=Role.ADMINISTRATOR)
    user = User.objects.get(username=username)
    walk = Walk(_client(user), EnglishFinder(database_values()))
    urls = _admin_urls(user)
    for url in urls:  # every page, not one per pattern: each model's pages differ
        walk.open(url, once_per_pattern=False)
    assert walk.opened > len(admin.site._registry), f"{username} opened only {walk.opened} admin pages"
    assert not walk.failures, walk.report()
    assert not walk.errors, walk.errors


def test_the_admin_widgets_speak_chinese(client):
    """The words the admin's JavaScript writes (multi-select, calendar, clock) come from its catalogue."""
    from association.models import User

    staff = User.objects.create_user(username="staff-js", password=None, is_staff=True)
    response = _client(staff).get("/admin/jsi18n/")
    assert response.status_code == 200
    catalogue = response.content.decode()
    widgets = ["Choose all %s", "Remove all %s", "Choose selected %s", "Available %s", "Chosen %s", "Today", "Now"]
    for msgid in widgets:
        assert f'"{msgid}": "' in catalogue, f"the admin's JavaScript shows {msgid!r} in English"


# --- in a browser: what the admin's JavaScript writes too ---------------------------------------


OPEN_ACTIONS = (
    "() => { const s = document.querySelector('select[name=action]'); s.size = s.length; s.style.height = 'auto'; }"
)


@pytest.mark.browser
@browser.requires_chromium
@pytest.mark.django_db(transaction=True)
def test_the_admin_in_a_chinese_browser(chromium, live_server, shipped_data):
    """The admin index, a change list with its actions and a change form with a multi-select, in zh-CN:
    the text the browser shows (the multi-select's JavaScript included) has no English; screenshots in
    test-artifacts/ (no-english-admin-*.png)."""
    from disasters.models import Event
    from tests.quality.test_admin_pages import DEMO_PASSWORD, complete_every_model

    complete_every_model()
    finder = EnglishFinder(database_values())
    event = Event.objects.order_by("pk").first()
    pages = {
        "index": "/admin/",
        "event-list": "/admin/disasters/event/",
        "event-form": f"/admin/disasters/event/{event.pk}/change/",
        "notice-add": "/admin/association/notice/add/",
    }
    found = []
    with browser.page(chromium, live_server.url, width=1366, height=900, locale="zh-CN") as page:
        browser.sign_in(page, "staff", DEMO_PASSWORD)
        for name, url in pages.items():
            page.goto(url)
            if name == "event-list":  # the actions menu opened as a list, to be seen on the screenshot
                page.evaluate(OPEN_ACTIONS)
            if name.endswith("-form") or name.endswith("-add"):
                page.wait_for_selector(".selector-chooseall")  # the multi-select's JavaScript has run
            browser.screenshot(page, f"no-english-admin-{name}")
            texts = page.evaluate(
                "() => [document.body.innerText, ...[...document.querySelectorAll('[title]')].map(e => e.title)]"
            )
            for line in "\n".join(texts).splitlines():
                if finder.english(line.strip()):
                    found.append(f"{url}: {line.strip()[:160]!r} {finder.english(line.strip())}")
    assert not found, "\n".join(found)
