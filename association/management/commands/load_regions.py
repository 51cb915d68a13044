from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from association.services.regions import regions_load

DATA = Path(__file__).resolve().parents[2] / "data" / "regions"


class Command(BaseCommand):
    help = "Load a province and its prefectures from a CSV file (code,name,name_en,level,parent_code)."

    def add_arguments(self, parser):
        parser.add_argument("file", help=f"a CSV path, or the name of a shipped file in {DATA} (e.g. xinjiang)")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.exists():
            path = DATA / f"{file}.csv"
        if not path.exists():
            raise CommandError(f"no such file: {file}")
        try:
            counts = regions_load(data=path.read_bytes())
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"regions: {counts['created']} created, {counts['updated']} updated"))
