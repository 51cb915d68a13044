"""The reminder sweep's escalation (an obligation overdue: its managers and staff are told) gets its own row in
the urgency table, routine like the reminders before it: its e-mails wait for the end of the quiet hours."""

from django.db import migrations

RULE = ("obligation_overdue", "报送事项逾期升级提醒", "routine", "")


def create(apps, schema_editor):
    kind, description, urgency, ladder = RULE
    apps.get_model("messaging", "UrgencyRule").objects.get_or_create(
        kind=kind, defaults={"description": description, "urgency": urgency, "ladder_minutes": ladder}
    )


def remove(apps, schema_editor):
    apps.get_model("messaging", "UrgencyRule").objects.filter(kind=RULE[0]).delete()


class Migration(migrations.Migration):
    dependencies = [("messaging", "0002_urgency_rules_and_sweep")]

    operations = [migrations.RunPython(create, remove)]
