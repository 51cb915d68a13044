"""A published report keeps its figures: the monthly and annual reports are built from the figures stored
when the period was first published; a correction is the next version, and the earlier ones stay."""

import datetime as dt
import io

import openpyxl
import pghistory.models
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from association.models import GeneratedReport
from mediation.models import PublishedStatistics, StatisticsBaseline
from mediation.services.statistics import statistics_publish, statistics_published
from mediation.tasks import annual_mediation_statistics_task, monthly_mediation_statistics_task
from tests.conftest import client_for
from tests.mediation.helpers import make_case

pytestmark = pytest.mark.django_db
FEB = (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _sheet(content: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def _about(content: bytes) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[1]
    return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_the_monthly_report_keeps_its_figures_and_a_correction_is_version_2(world, client):
    staff = world.users["staff"]
    make_case(world, received_on=dt.date(2026, 2, 10))
    (report_id,) = monthly_mediation_statistics_task(2026, 2)
    report = GeneratedReport.objects.get(pk=report_id)
    first_file = report.file.read()
    assert _sheet(first_file)[-1][2] == 1  # total received
    (v1,) = PublishedStatistics.objects.all()
    assert (v1.kind, v1.version, v1.figures["total"]["received"], v1.published_by) == ("monthly", 1, 1, None)

    # a February case entered in March: the published report and version 1 keep what they showed
    make_case(world, received_on=dt.date(2026, 2, 20))
    assert monthly_mediation_statistics_task(2026, 2) == [report_id]
    report.refresh_from_db()
    assert report.file.read() == first_file
    assert statistics_published(kind="monthly", period_start=FEB[0], period_end=FEB[1]) == v1
    v1.refresh_from_db()
    assert v1.figures["total"]["received"] == 1

    c = client_for(client, staff)
    page = c.get("/mediation/statistics/?date_from=2026-02-01&date_to=2026-02-28").content.decode()
    assert 'id="changed-since-published"' in page and f"/mediation/statistics/published/{v1.pk}/" in page

    v2 = statistics_publish(kind="monthly", period_start=FEB[0], period_end=FEB[1], actor=staff, note="补录2月案件")
    assert (v2.version, v2.figures["total"]["received"], v2.published_by) == (2, 2, staff)
    v1.refresh_from_db()
    assert v1.figures["total"]["received"] == 1
    assert statistics_published(kind="monthly", period_start=FEB[0], period_end=FEB[1]) == v2
    event = pghistory.models.Events.objects.tracks(v2).get(pgh_label="insert")
    assert event.pgh_context["user"] == staff.pk

    first, second = (c.get(f"/mediation/statistics/published/{p.pk}/") for p in (v1, v2))
    assert _sheet(first.content)[-1][2] == 1 and _sheet(second.content)[-1][2] == 2
    assert "补录2月案件" in _about(second.content) and "补录2月案件" not in _about(first.content)
    page = c.get("/mediation/statistics/?date_from=2026-02-01&date_to=2026-02-28").content.decode()
    assert 'id="changed-since-published"' not in page  # today's figures are version 2's


@pytest.mark.parametrize(
    ("role", "kind", "start", "end", "note", "error"),
    [
        ("staff", "monthly", "2026-02-01", "2026-02-28", "", ValidationError),  # a correction says what changed
        ("regulator_province", "monthly", "2026-02-01", "2026-02-28", "更正", PermissionDenied),
        ("member_a_manager", "monthly", "2026-02-01", "2026-02-28", "更正", PermissionDenied),
        ("staff", "monthly", "2026-02-01", "2026-02-27", "更正", ValidationError),  # not a calendar month
        ("staff", "annual", "2026-01-01", "2026-06-30", "更正", ValidationError),
        ("staff", "monthly", "2026-02-01", "2026-02-28", "更正", None),
        ("staff", "annual", "2025-01-01", "2025-12-31", "", None),  # the first version needs no note
    ],
)
def test_who_publishes_what(world, role, kind, start, end, note, error):
    statistics_published(kind="monthly", period_start=FEB[0], period_end=FEB[1])
    before = PublishedStatistics.objects.count()
    kwargs = {
        "kind": kind,
        "period_start": dt.date.fromisoformat(start),
        "period_end": dt.date.fromisoformat(end),
        "actor": world.users[role],
        "note": note,
    }
    if error is None:
        statistics_publish(**kwargs)
        assert PublishedStatistics.objects.count() == before + 1
    else:
        with pytest.raises(error):
            statistics_publish(**kwargs)
        assert PublishedStatistics.objects.count() == before


def test_the_annual_report_publishes_the_year(world):
    make_case(world, received_on=dt.date(2025, 7, 1))
    (report_id,) = annual_mediation_statistics_task(2025)
    report = GeneratedReport.objects.get(pk=report_id)
    assert (report.kind, report.period_start, report.period_end) == (
        "mediation_annual",
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    (publication,) = PublishedStatistics.objects.filter(kind="annual")
    assert publication.figures["total"]["received"] == 1 and _sheet(report.file.read())[-1][2] == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("regulator_province", 200), ("regulator_x", 404), ("member_a_manager", 404), ("mediator", 404)],
)
def test_who_downloads_a_published_version(world, client, role, status):
    publication = statistics_published(kind="monthly", period_start=FEB[0], period_end=FEB[1])
    response = client_for(client, world.users[role]).get(f"/mediation/statistics/published/{publication.pk}/")
    assert response.status_code == status


def test_the_admin_enters_baselines_and_publishes_corrections(world, client):
    staff = world.users["staff"]
    c = client_for(client, staff)
    response = c.post(
        "/admin/mediation/statisticsbaseline/add/",
        {"year": "2022", "source": "complaint", "received": "408", "published_in": "2022年服务清单"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    baseline = StatisticsBaseline.objects.get()
    assert (baseline.year, baseline.received, baseline.succeeded) == (2022, 408, None)
    assert pghistory.models.Events.objects.tracks(baseline).get().pgh_context["user"] == staff.pk
    bad = c.post(
        "/admin/mediation/statisticsbaseline/add/",
        {"year": "2022", "source": "complaint", "received": "1", "succeeded": "2"},
    )
    assert bad.status_code == 200 and StatisticsBaseline.objects.count() == 1

    response = c.post(
        "/admin/mediation/publishedstatistics/add/",
        {"kind": "monthly", "period_start": "2026-02-01", "period_end": "2026-02-28", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    v1 = PublishedStatistics.objects.get()
    for url in [
        "/admin/mediation/statisticsbaseline/",
        f"/admin/mediation/statisticsbaseline/{baseline.pk}/change/",
        "/admin/mediation/publishedstatistics/",
        f"/admin/mediation/publishedstatistics/{v1.pk}/change/",
    ]:
        assert c.get(url).status_code == 200, url
    response = c.post(
        "/admin/mediation/publishedstatistics/",
        {"action": "publish_correction", "_selected_action": [v1.pk], "apply": "1", "note": "更正"},
    )
    assert response.status_code == 302
    assert list(PublishedStatistics.objects.order_by("version").values_list("version", "note")) == [
        (1, ""),
        (2, "更正"),
    ]
    # a version is never changed or deleted in the admin
    assert c.post(f"/admin/mediation/publishedstatistics/{v1.pk}/delete/", {"post": "yes"}).status_code == 403
