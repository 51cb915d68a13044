"""The annual contacts confirmation is owed once per company (its head organisation), covering every branch
(issue 15, point 4). A branch's confirmation still owed (open or returned) becomes its company's: re-pointed to
the head organisation when the company has none for that year, cancelled (with its unsent reminder e-mails)
when it has one. Confirmations already submitted or accepted stay as they were: they are the record."""

from django.db import migrations

PREFIX = "contacts-confirmation:"
OWED = ("open", "returned")
NOTE = "Merged into the company's confirmation: one per company, covering its branches."


def _head(organisation_id, parents):
    seen = set()
    while parents.get(organisation_id) and organisation_id not in seen:
        seen.add(organisation_id)
        organisation_id = parents[organisation_id]
    return organisation_id


def merge_into_company(apps, schema_editor):
    Obligation = apps.get_model("association", "Obligation")
    Organisation = apps.get_model("association", "Organisation")
    OutboundEmail = apps.get_model("association", "OutboundEmail")
    parents = dict(Organisation.objects.values_list("id", "parent_id"))
    owed = Obligation.objects.filter(
        kind="contacts_confirmation", status__in=OWED, organisation__parent__isnull=False, dedupe_key__startswith=PREFIX
    ).order_by("id")
    for obligation in owed:
        year = obligation.dedupe_key[len(PREFIX) :].split(":")[0]
        head = _head(obligation.organisation_id, parents)
        key = f"{PREFIX}{year}:{head}"
        if Obligation.objects.filter(dedupe_key=key).exists():
            obligation.status = "cancelled"
            obligation.description = f"{obligation.description}\n{NOTE}".strip()
            obligation.save(update_fields=["status", "description"])
            OutboundEmail.objects.filter(reminder__obligation=obligation, sent_at__isnull=True).delete()
        else:
            obligation.organisation_id = head
            obligation.dedupe_key = key
            obligation.save(update_fields=["organisation", "dedupe_key"])


class Migration(migrations.Migration):
    dependencies = [("association", "0017_phones_and_administrator_role")]

    operations = [migrations.RunPython(merge_into_company, migrations.RunPython.noop)]
