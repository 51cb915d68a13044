"""``python manage.py send_test_notification --organisation <credit code>``: a test to every channel."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from association.credit_code import normalise_credit_code
from association.models import Organisation
from messaging.choices import DeliveryStatus
from messaging.services.testing import channels_test_send


class Command(BaseCommand):
    help = "Send a test message to every channel configured for an organisation and report each result."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the organisation's unified social credit code")

    def handle(self, *args, organisation, **options):
        org = Organisation.objects.filter(credit_code=normalise_credit_code(organisation)).first()
        if org is None:
            raise CommandError(_("No organisation has the credit code %(code)s.") % {"code": organisation})
        result = channels_test_send(organisation=org)
        if not result.rows:
            raise CommandError(_("%(org)s has no channel configured.") % {"org": org.name})
        failed = 0
        for row in result.rows:
            ok = row.status == DeliveryStatus.SENT
            failed += not ok
            label = f"{row.get_via_display()}" + (f" · {row.channel.label}" if row.channel and row.via != "sms" else "")
            outcome = row.answer or row.last_error
            line = f"{'OK  ' if ok else 'FAIL'} {label} → {row.recipient} {row.to_display}: {outcome}"
            self.stdout.write(self.style.SUCCESS(line) if ok else self.style.ERROR(line))
        if failed:
            raise CommandError(_("%(n)d of %(total)d channels failed.") % {"n": failed, "total": len(result.rows)})
