from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from association.importing import ImportFileError, run_import
from association.resources import ContactResource, OrganisationResource

RESOURCES = {"organisations": OrganisationResource, "contacts": ContactResource}


class Command(BaseCommand):
    help = "Import organisations or contacts from .xlsx or .csv (UTF-8 or GBK); all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check the file, change nothing")

    def handle(self, *args, kind, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            report = run_import(RESOURCES[kind](), path.read_bytes(), path.name, dry_run=dry_run)
        except ImportFileError as exc:
            raise CommandError(f"{path.name}: {exc}; nothing was imported") from exc
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(f"{len(report.problems)} problem(s) in {path.name}; nothing was imported")
        verb = "checked (dry run, nothing saved)" if dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.total} rows {verb}: {report.new} new, {report.updated} updated, {report.skipped} unchanged"
            )
        )
