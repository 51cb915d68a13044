"""The urgency table as shipped (staff change it in the admin) and the sweep's beat schedule (every minute)."""

from django.db import migrations

RULES = [
    # kind, description (Chinese: the admin reads it), urgency, ladder minutes
    ("disaster_urgent_clocks", "巨灾/敏感灾害：30分钟电话报告、1小时书面报告", "critical", "10,20,25"),
    ("opinion_alert_severe", "重大/较大负面舆情预警", "critical", "15,30,45"),
    ("opinion_alert", "一般负面舆情预警", "urgent", ""),
    ("channel_test", "渠道测试消息", "urgent", ""),
    ("obligation_reminder", "报送事项提醒", "routine", ""),
]
SWEEP = ("Urgent channels: ladder and delivery sweep (every minute)", "messaging.tasks.messaging_sweep_task")


def create(apps, schema_editor):
    UrgencyRule = apps.get_model("messaging", "UrgencyRule")
    for kind, description, urgency, ladder in RULES:
        UrgencyRule.objects.update_or_create(
            kind=kind, defaults={"description": description, "urgency": urgency, "ladder_minutes": ladder}
        )
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(name=SWEEP[0], defaults={"task": SWEEP[1], "interval": every, "enabled": True})


def remove(apps, schema_editor):
    apps.get_model("messaging", "UrgencyRule").objects.filter(kind__in=[r[0] for r in RULES]).delete()
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
