import os
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cases.demo.generator import (
    DemoDataGenerator,
    delete_synthetic_data,
    real_cases,
    synthetic_cases,
)
from cases.search.counts import bump_registry_version


class Command(BaseCommand):
    help = (
        "Fill the database with N synthetic cases (people, charges, events, positions, "
        "sources, citations), for demonstrations and speed measurements. Every record is "
        "marked as synthetic (slugs start with 'synthetic-'). Refuses a database holding "
        "real cases unless --force, and one already holding synthetic cases unless --clear."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases to add.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Cases written per transaction, in whole blocks of 1,000 (the last may be less).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes making the cases while this one writes them (0 or 1: this one "
            "alone); the data is the same. Default: one per core.",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="First delete every synthetic record (and only those); --cases 0 only deletes.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add synthetic cases even though the database holds real ones.",
        )

    def handle(self, *args, cases, seed, batch_size, workers, clear, force, **options):
        if cases < 0 or batch_size < 1 or workers < 0:
            raise CommandError(
                "--cases and --workers must be 0 or more and --batch-size at least 1."
            )
        real = real_cases().count()
        if real and not force:
            # Synthetic cases are published like real ones; mixed into a real
            # registry they would reach its readers unless someone removes them.
            raise CommandError(
                f"This database holds {real} real case(s). Synthetic data belongs in a "
                "database of its own; add --force to mix it in anyway (remove it later "
                "with --clear --cases 0)."
            )
        if clear:
            removed = delete_synthetic_data()
            bump_registry_version()  # Raw deletes send no signals; cached list counts are stale.
            self.stdout.write(f"Deleted {removed} synthetic case(s) and their records.")
        elif synthetic_cases().exists():
            raise CommandError(
                "This database already holds synthetic cases; add --clear to replace them."
            )
        if cases == 0:
            return

        started = time.monotonic()
        with tqdm(total=cases, unit="case", disable=None, file=self.stderr) as bar:
            generator = DemoDataGenerator(cases, seed=seed, batch_size=batch_size, workers=workers)
            counts = generator.run(progress=bar.update)
        bump_registry_version()  # Plain rows send no signals either.
        listed = ", ".join(f"{number} {name}" for name, number in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {listed} in {time.monotonic() - started:.0f} s (seed {seed})."
            )
        )
