from django.core.management.base import BaseCommand

from association.demo.seeding import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the Xinjiang demo data (idempotent: safe to run again)."

    def handle(self, *args, **options):
        counts = seed_demo()
        self.stdout.write(self.style.SUCCESS("demo data: " + ", ".join(f"{k} {v}" for k, v in counts.items())))
        self.stdout.write(f"demo password for every demo user: {DEMO_PASSWORD}")
