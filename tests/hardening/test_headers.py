"""Point 12: a Content-Security-Policy without 'unsafe-inline' (no inline script, style or event handler in
any template: they live in static/js and static/css), a Permissions-Policy, HSTS preload opt-in (test_deploy)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|\sstyle=\"|\son[a-z]+=\"", re.I)


def test_every_page_sends_a_strict_csp_and_a_permissions_policy(client, world):
    staff = world.users["staff"]
    for user, url in [(None, "/accounts/login/"), (staff, "/staff/"), (staff, "/api/docs/")]:
        response = client_for(client, user).get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_style_or_handlers():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert not found, found


def test_rendered_pages_have_no_inline_script_either(client, world):
    """Pages as rendered (json_script data blocks are data, not script)."""
    c = client_for(client, world.users["staff"])
    for url in ["/staff/", "/overview/", "/mediation/statistics/", "/selfregulation/statistics/", "/api/docs/"]:
        response = c.get(url)
        if response.status_code != 200:
            continue
        assert not INLINE.search(response.content.decode()), url
