from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cases.ingest.seeding import load_seeds


class Command(BaseCommand):
    help = (
        "Load the curated seed data (the first cases, their facts and citations). "
        "Running it again changes nothing; existing records are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "data_file",
            nargs="?",
            type=Path,
            default=Path(settings.BASE_DIR) / "seeds" / "registry.json",
            help="The seed data file (default: seeds/registry.json).",
        )

    def handle(self, *args, data_file, **options):
        loader = load_seeds(data_file)
        self.stdout.write(self.style.SUCCESS(loader.summary()))
