"""Beat schedule for the monthly compliance report (editable in the admin)."""

from django.db import migrations

NAME = "Monthly compliance report (1st of the month, 06:00)"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_month="1", month_of_year="*", day_of_week="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={"task": "association.reports.tasks.monthly_compliance_report_task", "crontab": crontab},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("association", "0005_obligation_schedules")]

    operations = [migrations.RunPython(create, remove)]
