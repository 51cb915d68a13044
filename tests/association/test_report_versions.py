"""A versioned report kind is generated once per version (each kept, each e-mailed once); another kind has
only version 1."""

import datetime as dt

import pytest

from association.models import GeneratedReport, OutboundEmail
from association.reports import registry
from association.reports.registry import Column, ReportKind, ReportTable, Target
from association.reports.services import report_generate

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 1, 31)


def _table(period_start, period_end, region, now, *, version=1):
    return ReportTable(
        title=f"试验报表 v{version}", period_label="2026-01", region_label=region.name, generated_at=now,
        columns=[Column("x")], rows=[["1"]],
    )  # fmt: skip


def _kind(monkeypatch, key, versioned, world):
    """A kind registered for this test only."""
    monkeypatch.setitem(
        registry._REGISTRY,
        key,
        ReportKind(
            key=key,
            label=key,
            build=_table if versioned else (lambda s, e, r, n: _table(s, e, r, n)),
            targets=lambda region=None: [Target(region=world.province, audience_regulators=False)],
            formats=("xlsx",),
            versioned=versioned,
        ),
    )


@pytest.mark.parametrize(
    ("versions", "rows", "emails"),
    [([1], 1, 1), ([1, 1], 1, 1), ([1, 2], 2, 2), ([1, 2, 2, 3, 3], 3, 3)],
)
def test_each_version_once(world, settings, tmp_path, monkeypatch, versions, rows, emails):
    settings.MEDIA_ROOT = tmp_path
    staff = world.users["staff"]
    staff.email = "staff@example.org"
    staff.save(update_fields=["email"])
    _kind(monkeypatch, "test_versioned", True, world)
    for version in versions:
        report_generate(kind="test_versioned", period_start=START, period_end=END, version=version)
    generated = GeneratedReport.objects.filter(kind="test_versioned")
    assert generated.count() == rows
    assert sorted(generated.values_list("title", flat=True)) == [f"试验报表 v{v}" for v in sorted(set(versions))]
    assert OutboundEmail.objects.filter(to=["staff@example.org"]).count() == emails


def test_a_kind_that_is_not_versioned_has_only_version_one(world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    _kind(monkeypatch, "test_plain", False, world)
    with pytest.raises(ValueError):
        report_generate(kind="test_plain", period_start=START, period_end=END, version=2)
    [report] = report_generate(kind="test_plain", period_start=START, period_end=END)
    assert report.version == 1
