"""Shipped data: the two checklists, the default anomaly rules, and the beat schedules (editable in the admin)."""

from django.db import migrations

OPEN = "Self-regulation: open monthly market returns (1st of the month, 08:00)"
#: daily: a month is analysed once its returns are due (the Nth working day of the next month, as late as the
#: 21st), and again as a new version when returns arrive after that (0005 moves an older 20th-of-the-month run)
ANALYSE = "Self-regulation: monthly market analysis (daily 06:00, each month once its returns are due)"

RULES = [
    # (indicator, kind, threshold)
    ("written_premium", "mom_change", "30.00"),
    ("combined_expense_ratio", "mean_distance", "10.00"),
    ("combined_cost_ratio", "mean_distance", "15.00"),
    ("combined_cost_ratio", "mom_change", "20.00"),
]


def create(apps, schema_editor):
    from selfregulation.checklists_data import install_checklists

    install_checklists(
        apps.get_model("selfregulation", "ChecklistTemplate"),
        apps.get_model("selfregulation", "ChecklistSection"),
        apps.get_model("selfregulation", "ChecklistItem"),
    )
    AnomalyRule = apps.get_model("selfregulation", "AnomalyRule")
    for indicator, kind, threshold in RULES:
        AnomalyRule.objects.get_or_create(line="auto", indicator=indicator, kind=kind, defaults={"threshold": threshold})
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, hour, day in [
        (OPEN, "selfregulation.tasks.monthly_returns_open_task", "8", "1"),
        (ANALYSE, "selfregulation.tasks.monthly_analysis_task", "6", "*"),
    ]:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0", hour=hour, day_of_month=day, month_of_year="*", day_of_week="*", timezone="Asia/Shanghai"
        )
        PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task__in=["selfregulation.tasks.monthly_returns_open_task", "selfregulation.tasks.monthly_analysis_task"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("selfregulation", "0001_initial"), ("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(create, remove)]
