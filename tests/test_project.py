"""Project-wide gates that belong in the suite: migrations match the models; no CDN links in pages."""

from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_makemigrations_check_is_clean():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_no_cdn_links_in_templates():
    offenders = []
    for path in list((ROOT / "templates").rglob("*.html")) + list(ROOT.glob("*/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        if any(host in text for host in ("cdn.", "unpkg.com", "jsdelivr", "googleapis", "cdnjs")):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders
