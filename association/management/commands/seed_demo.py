from django.core.management.base import BaseCommand

from association.demo.seeding import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the Xinjiang demo data (idempotent: safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="do nothing when demo data is already there")

    def handle(self, *args, if_empty=False, **options):
        if if_empty:
            from association.models import User

            if User.objects.filter(username="picc.manager").exists():
                self.stdout.write("demo data already loaded (run `manage.py seed_demo` to refresh it)")
                return
        counts = seed_demo()
        self.stdout.write(self.style.SUCCESS("demo data: " + ", ".join(f"{k} {v}" for k, v in counts.items())))
        self.stdout.write(f"demo password for every demo user: {DEMO_PASSWORD}")
