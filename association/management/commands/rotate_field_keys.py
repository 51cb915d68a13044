"""``manage.py rotate_field_keys``: re-encrypt every encrypted column with the newest key (README)."""

from django.core.management.base import BaseCommand

from association.audit import history_context
from association.services.encryption import field_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field (history tables included) with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        with history_context(task="rotate_field_keys"):
            done = field_keys_rotate()
        for table, rows in done.items():
            self.stdout.write(f"{table}: {rows}")
