"""The recurring campaign templates, default publicity evaluation rules, and the beat schedules
(alert escalation every 5 minutes, score refresh hourly), all editable in the admin afterwards."""

from django.db import migrations

ESCALATE = "Public-opinion alerts: notify contact B when A has not acknowledged (every 5 minutes)"
REFRESH = "Publicity scores: refresh running campaigns (hourly)"

TEMPLATES = [
    # kind, name, slogan, month, day, days, plan working days before, summary working days after
    ("consumer_rights_week", "“3.15”保险业消费者权益保护教育宣传周", "共促消费公平 共享数字金融", 3, 14, 7, 2, 2),
    ("awareness_day", "“7·8全国保险公众宣传日”系列活动", "保险让生活更美好", 7, 1, 14, 2, 3),
    ("education_month", "金融消费者权益保护教育宣传月", "守住钱袋子 护好幸福家", 9, 1, 30, 3, 5),
]

ITEMS = [
    ("activity:community", "3.0", 5),
    ("activity:school", "3.0", 5),
    ("activity:senior_university", "3.0", 5),
    ("activity:care_home", "3.0", 5),
    ("activity:gm_reception", "2.0", 3),
    ("activity:live_stream", "4.0", 3),
    ("activity:media_article", "2.0", 10),
    ("activity:short_video", "2.0", 10),
    ("activity:other", "1.0", 5),
    ("deliverable:activity_plan", "2.0", None),
    ("deliverable:news_drafts", "2.0", None),
    ("deliverable:summary", "5.0", None),
    ("deliverable:other", "1.0", None),
    ("news:published", "2.0", 10),
]


def create(apps, schema_editor):
    Template = apps.get_model("campaigns", "CampaignTemplate")
    for kind, name, slogan, month, day, days, before, after in TEMPLATES:
        Template.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "slogan": slogan,
                "start_month": month,
                "start_day": day,
                "duration_days": days,
                "plan_days_before": before,
                "summary_working_days_after": after,
            },
        )
    RuleSet = apps.get_model("campaigns", "ScoringRuleSet")
    Item = apps.get_model("campaigns", "ScoringItem")
    rules, created = RuleSet.objects.get_or_create(
        valid_from_year=2020,
        defaults={
            "name": "行业宣传考评办法（默认）",
            "mainstream_bonus": "2.0",
            "original_bonus": "1.0",
            "views_step": 10000,
            "views_points": "1.0",
            "views_cap": "3.0",
            "late_factor": "0.5",
            "missing_penalty": "2.0",
            "campaign_cap": "60.0",
        },
    )
    if created:
        Item.objects.bulk_create([Item(rule_set=rules, item=i, points=p, max_count=m) for i, p, m in ITEMS])
    Interval = apps.get_model("django_celery_beat", "IntervalSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    five, _ = Interval.objects.get_or_create(every=5, period="minutes")
    hour, _ = Interval.objects.get_or_create(every=1, period="hours")
    Periodic.objects.update_or_create(
        name=ESCALATE, defaults={"task": "campaigns.tasks.opinion_alerts_escalate_task", "interval": five, "enabled": True}
    )
    Periodic.objects.update_or_create(
        name=REFRESH, defaults={"task": "campaigns.tasks.campaign_scores_refresh_task", "interval": hour, "enabled": True}
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[ESCALATE, REFRESH]).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial"), ("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(create, remove)]
