"""The monthly analysis: a month is analysed only once its returns are due (the Nth working day of the next
month, which is the 21st in some months); a return that arrives after the analysis makes a new version (the
old one is kept); staff are e-mailed once per version; a company is warned once per month."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_celery_beat.models import PeriodicTask

from association.deadlines import BEIJING
from association.models import GeneratedReport, Notice, OutboundEmail
from selfregulation.models import MonitoringReport, MonitoringWarning
from selfregulation.services.monitoring import analyses_due, monitoring_analyse, return_submit, returns_due_at
from selfregulation.tasks import monthly_analysis_task
from tests.factories import OrganisationFactory
from tests.selfregulation.helpers import FIGURES

pytestmark = pytest.mark.django_db

SEPT_2025 = dt.date(2025, 9, 1)  # its returns are due on the 10th working day of October 2025: the 21st
JAN_2026 = dt.date(2026, 1, 1)  # due on the 10th working day of February 2026: the 13th
AUG_2025, DEC_2025 = dt.date(2025, 8, 1), dt.date(2025, 12, 1)  # due 2025-09-12 and 2026-01-15


def at(y, m, d, hour, minute=0, second=0):
    return dt.datetime(y, m, d, hour, minute, second, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("period", "due"),
    [
        (SEPT_2025, at(2025, 10, 21, 17, 30)),  # National Day week: the 10th working day is the 21st
        (dt.date(2026, 9, 1), at(2026, 10, 20, 17, 30)),  # after the 20th at 06:00, when it used to run
        (JAN_2026, at(2026, 2, 13, 17, 30)),
        (dt.date(2025, 1, 1), at(2025, 2, 17, 17, 30)),  # Spring Festival
    ],
)
def test_when_returns_are_due(period, due):
    assert returns_due_at(period) == due


@pytest.mark.parametrize(
    ("now", "analysed"),
    [
        # the run looks at the last two months (ANALYSIS_REVISION_MONTHS) and analyses those whose returns are due
        (at(2025, 10, 20, 6, 0), [AUG_2025]),  # the old schedule (20th, 06:00): September's are due tomorrow
        (at(2025, 10, 21, 6, 0), [AUG_2025]),
        (at(2025, 10, 21, 17, 30), [AUG_2025]),  # the due time itself: a return may still come in on time
        (at(2025, 10, 21, 17, 30, 1), [AUG_2025, SEPT_2025]),
        (at(2025, 10, 22, 6, 0), [AUG_2025, SEPT_2025]),  # the daily run the morning after
        (at(2026, 2, 13, 17, 30), [DEC_2025]),
        (at(2026, 2, 14, 6, 0), [DEC_2025, JAN_2026]),
        (at(2026, 3, 1, 6, 0), [JAN_2026]),  # February's returns are not due yet
    ],
)
def test_the_daily_run_analyses_a_month_only_after_its_returns_are_due(world, settings, now, analysed):
    settings.SELFREGULATION = {**settings.SELFREGULATION, "ANALYSIS_REVISION_MONTHS": 2}
    reports = analyses_due(now=now)
    assert [r.period for r in reports] == analysed
    assert sorted(MonitoringReport.objects.values_list("period", flat=True)) == analysed


@pytest.mark.parametrize(
    ("now", "allowed"),
    [(at(2025, 10, 21, 17, 29), False), (at(2025, 10, 21, 17, 30), False), (at(2025, 10, 21, 17, 31), True)],
)
def test_no_analysis_before_the_returns_are_due(world, now, allowed):
    if allowed:
        assert monitoring_analyse(period=SEPT_2025, now=now).version == 1
    else:
        with pytest.raises(ValidationError):
            monitoring_analyse(period=SEPT_2025, now=now)
        assert not MonitoringReport.objects.exists()


def test_the_beat_runs_the_analysis_daily():
    task = PeriodicTask.objects.get(task="selfregulation.tasks.monthly_analysis_task")
    assert (task.crontab.day_of_month, task.crontab.hour, task.crontab.minute) == ("*", "6", "0")
    assert task.enabled


def _staff_emails():
    return OutboundEmail.objects.filter(to__contains=["staff@example.org"]).order_by("pk")


def test_a_late_return_makes_a_new_version_and_staff_are_emailed_once_per_version(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = world.users["staff"]
    staff.email = "staff@example.org"
    staff.save(update_fields=["email"])
    return_submit(organisation=world.org_a, period=SEPT_2025, figures=FIGURES, actor=staff)
    steps = [
        # (what happens before the run, versions, companies in the current version, staff e-mails so far)
        (None, [1], 1, 2),  # first analysis: xlsx and PDF, one e-mail each
        (None, [1], 1, 2),  # the next day's run: nothing new, nothing sent
        ("late", [1, 2], 2, 4),  # a late return: version 2, e-mailed once
        (None, [1, 2], 2, 4),
        ("correction", [1, 2, 3], 2, 6),  # a correction after the analysis: version 3
        (None, [1, 2, 3], 2, 6),
    ]
    for event, versions, companies, emails in steps:
        if event == "late":
            return_submit(organisation=world.org_b, period=SEPT_2025, figures=FIGURES, actor=staff)
        elif event == "correction":
            figures = {**FIGURES, "policies": "8100"}
            return_submit(organisation=world.org_a, period=SEPT_2025, figures=figures, actor=staff)
        [current] = monthly_analysis_task(2025, 9)
        reports = MonitoringReport.objects.filter(period=SEPT_2025).order_by("version")
        assert list(reports.values_list("version", flat=True)) == versions
        assert MonitoringReport.objects.get(pk=current).version == versions[-1]
        assert MonitoringReport.objects.get(pk=current).data["summary"]["companies"] == str(companies)
        assert _staff_emails().count() == emails
    first = MonitoringReport.objects.get(period=SEPT_2025, version=1)
    assert first.data["summary"]["companies"] == "1"  # the old version is kept as it was published
    generated = GeneratedReport.objects.filter(kind="selfregulation_market_monthly")
    assert sorted(generated.values_list("version", "file_format")) == [
        (v, fmt) for v in (1, 2, 3) for fmt in ("pdf", "xlsx")
    ]
    titles = [generated.get(version=v, file_format="pdf").title for v in (1, 2, 3)]
    assert len(set(titles)) == 3  # each says which version it is
    assert generated.get(version=3, file_format="pdf").file.read().startswith(b"%PDF")


def test_a_month_not_yet_due_is_not_analysed_by_the_task(world):
    """Given a month whose returns are not due yet (next month's 10th working day lies ahead)."""
    assert monthly_analysis_task(2099, 1) == []
    assert not MonitoringReport.objects.exists()


def test_a_company_is_warned_once_per_month_whatever_the_version(world):
    staff = world.users["staff"]
    c = OrganisationFactory(name="丙财险新疆分公司")
    return_submit(organisation=world.org_a, period=SEPT_2025, figures=FIGURES, actor=staff)
    high = {**FIGURES, "combined_expense_ratio": "60"}
    return_submit(organisation=world.org_b, period=SEPT_2025, figures=high, actor=staff)
    after_due = at(2025, 10, 22, 6, 0)
    first = monitoring_analyse(period=SEPT_2025, now=after_due)
    # expense ratios 28.5 and 60 against their mean 44.25: both beyond 10 points
    warned_first = set(first.warnings.values_list("organisation_id", flat=True))
    assert warned_first == {world.org_a.pk, world.org_b.pk}
    assert Notice.objects.count() == 2
    return_submit(organisation=c, period=SEPT_2025, figures=FIGURES, actor=staff)  # late
    second = monitoring_analyse(period=SEPT_2025, now=after_due + dt.timedelta(days=1))
    assert second.version == 2
    # mean 39: A and C 10.5 below, B 21 above; A and B were told already, C is told now
    assert set(second.warnings.values_list("organisation_id", flat=True)) == {world.org_a.pk, world.org_b.pk, c.pk}
    assert Notice.objects.count() == 3
    assert all(w.notice_id for w in MonitoringWarning.objects.filter(report=second))
    assert first.warnings.count() == 2  # version 1's warnings stay as they were
