from django.core.management.base import BaseCommand, CommandError

from cases.ingest.backup import ImportRefused, read_import


class Command(BaseCommand):
    help = (
        "Load a file written by export_registry into an empty registry, "
        "reproducing it exactly (it may come from another database engine)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by export_registry.")

    def handle(self, *args, file, **options):
        try:
            counts = read_import(file)
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Imported {total} records from {file}."))
