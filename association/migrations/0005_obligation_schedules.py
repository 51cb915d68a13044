"""Beat schedules of the obligations spine (editable in the admin through django-celery-beat)."""

from django.db import migrations

SCHEDULES = [
    # name, task, (minute, hour, day_of_month, month_of_year, day_of_week)
    (
        "Obligation reminders sweep (every 5 minutes)",
        "association.tasks.reminders_sweep_task",
        ("*/5", "*", "*", "*", "*"),
    ),
    ("E-mail outbox delivery (every minute)", "association.tasks.outbox_deliver_task", ("*", "*", "*", "*", "*")),
    (
        "Contacts registry annual confirmation (2 January)",
        "association.tasks.contacts_confirmation_task",
        ("0", "8", "2", "1", "*"),
    ),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour, dom, month, dow) in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=dom,
            month_of_year=month,
            day_of_week=dow,
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("association", "0004_obligations")]

    operations = [migrations.RunPython(create, remove)]
