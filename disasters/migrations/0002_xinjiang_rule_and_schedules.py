"""The Xinjiang grading rule (seed 002, article 7) and the beat schedules of this app."""

import datetime
from decimal import Decimal

from django.db import migrations

RULE = {
    "name": "新疆财产保险灾害事故分级处置实施细则",
    "effective_from": datetime.date(2023, 1, 1),
    "property_iii": Decimal("10000000"),
    "property_ii": Decimal("50000000"),
    "property_i": Decimal("1000000000"),
    "casualty_iii": Decimal("5000000"),
    "casualty_ii": Decimal("10000000"),
    "casualty_i": Decimal("20000000"),
    "deaths_iii": 5,
    "deaths_ii": 10,
    "deaths_i": 30,
}

SCHEDULES = [
    # name, task, (minute, hour, day_of_month, month_of_year, day_of_week)
    (
        "Disaster daily report obligations (hourly)",
        "disasters.tasks.daily_obligations_task",
        ("5", "*", "*", "*", "*"),
    ),
    (
        "Disaster daily summaries (after the 17:00 daily deadline)",
        "disasters.tasks.daily_summaries_task",
        ("30", "17", "*", "*", "*"),
    ),
]


def create(apps, schema_editor):
    GradingRule = apps.get_model("disasters", "GradingRule")
    GradingRule.objects.get_or_create(effective_from=RULE["effective_from"], defaults=RULE)
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour, dom, month, dow) in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_month=dom, month_of_year=month, day_of_week=dow,
            timezone="Asia/Shanghai",
        )  # fmt: skip
        PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()
    apps.get_model("disasters", "GradingRule").objects.filter(effective_from=RULE["effective_from"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("disasters", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
