from django.core.management.base import BaseCommand

from cases.ingest.backup import write_export


class Command(BaseCommand):
    help = "Write every registry record (and, with --history, their history) to one JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the export.")
        parser.add_argument(
            "--history", action="store_true", help="Include the history of every record."
        )

    def handle(self, *args, file, history, **options):
        counts = write_export(file, with_history=history)
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Exported {total} records to {file}."))
