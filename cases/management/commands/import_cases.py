from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.ingest.case_lists import FIELDS, CaseImport, Mapping, UsageError
from cases.ingest.spreadsheets import UnreadableFile, read_table
from cases.models import ColumnMapping


class Command(BaseCommand):
    help = (
        "Import a list of cases from a .csv (any common encoding and delimiter) or .xlsx file, "
        "creating new cases and updating those the key finds. Rows that cannot be read are "
        "rejected with the column and the reason; the others import. The last line of the "
        "report is 'N created, N updated, N unchanged, N rejected'. Fields: " + ", ".join(FIELDS)
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help='A column of the file to a field, e.g. --map "Name=person.native_name". '
            "A column named exactly as a field is mapped to it without this.",
        )
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="FIELD=VALUE",
            help="A value for every row, e.g. --set case.detaining_country=CN.",
        )
        parser.add_argument(
            "--key",
            default="",
            metavar="FIELD[+FIELD...]",
            help="The fields identifying a case across imports (default: case.external_id "
            "when mapped, else person.name+case.detained_on).",
        )
        parser.add_argument("--mapping", metavar="NAME", help="Start from a saved mapping.")
        parser.add_argument("--save-mapping", metavar="NAME", help="Save this mapping as NAME.")
        parser.add_argument("--dry-run", action="store_true", help="Report, write nothing.")
        parser.add_argument(
            "--rejects", type=Path, metavar="FILE.csv", help="Write the rejected rows here."
        )
        parser.add_argument(
            "--source-url",
            default="",
            metavar="URL",
            help="Where the list is published; it then names the list (else the file name does).",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish new cases (default: drafts)."
        )

    def handle(self, *args, file, **options):
        saved = None
        if options["mapping"]:
            saved = ColumnMapping.objects.filter(name=options["mapping"]).first()
            if saved is None:
                raise CommandError(f"There is no saved mapping “{options['mapping']}”.")
        try:
            mapping = Mapping.from_options(options["map"], options["set"], options["key"], saved)
            table = read_table(file.name, file.read_bytes())
            run = CaseImport(
                table, mapping, source_url=options["source_url"], publish=options["publish"]
            )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except UnreadableFile as error:
            raise CommandError(f"Cannot read {file}: {error}.") from error
        except UsageError as error:
            raise CommandError(str(error)) from error
        if options["save_mapping"] and not options["dry_run"]:
            mapping.save_as(options["save_mapping"])
        report = run.run(dry_run=options["dry_run"], progress_file=self.stderr._out)
        if options["rejects"]:
            options["rejects"].write_text(report.rejects_csv(), encoding="utf-8")
        for line in report.lines():
            self.stdout.write(line)
