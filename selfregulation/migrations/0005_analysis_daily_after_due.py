"""The monthly analysis runs daily and analyses a month once its returns are due (the Nth working day of the
next month can be as late as the 21st, after the 20th it used to run on); the analyses made so far record the
returns they were computed from, so that only a return that arrived after them makes a new version."""

import datetime as dt

from django.db import migrations
from django.db.models import Q

TASK = "selfregulation.tasks.monthly_analysis_task"
OLD_NAME = "Self-regulation: monthly market analysis (20th of the month, 06:00)"
NEW_NAME = "Self-regulation: monthly market analysis (daily 06:00, each month once its returns are due)"
#: a database that ran the first 0002 runs the analysis on the 20th; a new one gets the daily run from 0002


def _schedule(apps, *, name: str, day: str) -> None:
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_month=day, month_of_year="*", day_of_week="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.filter(task=TASK).update(name=name, crontab=crontab)


def _returns_at(MonthlyReturn, *, line, period, at) -> list[int]:
    """The ids of the month's returns that were current at ``at``."""
    rows = MonthlyReturn.objects.filter(line=line, period=period, submitted_at__lte=at).filter(
        Q(replaced_by__isnull=True) | Q(replaced_by__submitted_at__gt=at)
    )
    return sorted(rows.values_list("pk", flat=True))


def forward(apps, schema_editor):
    _schedule(apps, name=NEW_NAME, day="*")
    MonitoringReport = apps.get_model("selfregulation", "MonitoringReport")
    MonthlyReturn = apps.get_model("selfregulation", "MonthlyReturn")
    for report in MonitoringReport.objects.all():
        previous = (report.period.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        report.returns = {
            "current": _returns_at(MonthlyReturn, line=report.line, period=report.period, at=report.generated_at),
            "previous": _returns_at(MonthlyReturn, line=report.line, period=previous, at=report.generated_at),
        }
        report.save(update_fields=["returns"])


def backward(apps, schema_editor):
    _schedule(apps, name=OLD_NAME, day="20")


class Migration(migrations.Migration):
    dependencies = [
        ("selfregulation", "0004_monitoring_report_versions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forward, backward)]
