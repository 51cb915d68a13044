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


@pytest.mark.django_db
def test_openapi_schema_is_valid(tmp_path):
    """drf-spectacular builds the schema and validates it against the OpenAPI 3 specification."""
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--file", str(out))
    assert "/api/v1/obligations/" in out.read_text(encoding="utf-8")
