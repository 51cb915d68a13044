"""Portal pages' GET parameters never make a 5xx (issue 14, point 8; the API has test_api_fuzz.py).

Every portal page of the isolation matrix (a GET row that is not the API) is asked, as staff, a member
manager and a prefecture regulator, with hostile values in every query parameter it reads: the names in
its own forms and links (found in the page itself) plus the names the portal's views read. The values are
the classes found by probing: a NUL byte, impossible dates (2026-02-30, year 0, month 0000-01, far future),
NaN and infinities, numbers beyond bigint, non-ASCII digits, very long strings, SQL-ish text.

In the suite each value is sent in every parameter at once (one request per page, role and value);
``PORTAL_FUZZ=each`` (``make fuzz``) sends each value in each parameter alone. The run's figures (requests,
5xx) are printed at the end of the module.
"""

import os
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from tests.association.test_scope_matrix import MATRIX

pytestmark = pytest.mark.django_db

ROLES = ("staff", "member_a_manager", "regulator_x")
#: names the portal's views read (request.GET) besides what their pages show
COMMON = [
    "q", "page", "period", "start", "end", "date_from", "date_to", "year", "month", "day", "week", "organisation",
    "region", "respondent", "mediator", "status", "source", "kind", "format", "overdue", "severity", "state",
    "campaign", "event", "line", "tier", "repeat", "running", "scope", "effective_from", "due_before", "due_after",
]  # fmt: skip
VALUES = [
    "\x00",
    "abc\x00def",
    "2026-02-30",
    "0000-01",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "2026-13",
    "2026-00",
    "NaN",
    "sNaN",
    "-Infinity",
    "1e999",
    "-1",
    "99999999999999999999",
    "１２３",
    "٣",
    "' OR '1'='1",
    "x" * 5000,
    "[]",
]
EACH = os.environ.get("PORTAL_FUZZ") == "each"
FIGURES = {"requests": 0, "5xx": 0}


class _Names(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "select", "textarea"} and attrs.get("name") and attrs.get("type") != "hidden":
            self.names.add(attrs["name"])
        if tag == "a" and (attrs.get("href") or "").startswith("?"):
            self.names |= {k for k, _v in parse_qsl(attrs["href"][1:], keep_blank_values=True)}


def _names(response) -> set[str]:
    if "html" not in response.get("Content-Type", ""):
        return set()
    parser = _Names()
    parser.feed(response.content.decode(errors="replace"))
    return {n for n in parser.names if re.fullmatch(r"[\w\-\[\]]{1,40}", n) and n not in {"csrfmiddlewaretoken"}}


PAGES = [(name, build) for name, method, build, _payload, _expected in MATRIX if method == "get"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pytest_generate_tests(metafunc):
    if "page" in metafunc.fixturenames:
        ids = [f"{name}-{i}" for i, (name, _b) in enumerate(PAGES)]
        metafunc.parametrize("page", PAGES, ids=ids)


def test_no_portal_page_fails_on_hostile_query_parameters(world, shipped_data, page):
    name, build = page
    url = build(world)
    if url.startswith("/api/") or url.startswith("/healthz"):
        return
    path = urlsplit(url).path
    failures = []
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
        first = client.get(url)
        names = sorted(set(COMMON) | _names(first) | {k for k, _v in parse_qsl(urlsplit(url).query)})
        queries = [{n: v} for v in VALUES for n in names] if EACH else [dict.fromkeys(names, v) for v in VALUES]
        for query in queries:
            response = client.get(path, query)
            FIGURES["requests"] += 1
            if response.status_code >= 500:
                FIGURES["5xx"] += 1
                shown = query if len(query) < 3 else {"*": next(iter(query.values()))}
                failures.append((role, {k: v[:20] for k, v in shown.items()}, response.status_code))
    assert not failures, f"{name} {path}: {failures[:5]}"


def teardown_module():
    print(f"\nportal fuzzing: {FIGURES['requests']} requests, 5xx: {FIGURES['5xx']}")
