from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cases.ingest.articles import (
    ArticleError,
    article_paths,
    get_timezone,
    import_article,
    parse_when,
)
from cases.models import Source


class Command(BaseCommand):
    help = (
        "Import articles from saved files: plain text in the registry's layout (title, byline "
        "such as “By REN QI in Moscow | CHINA DAILY | Updated: 2021-02-06 09:12”, blank line, "
        "body), Markdown with a YAML front matter, or saved HTML pages. A directory imports its "
        ".txt, .md and .html files. A text already "
        "in the registry (same SHA-256) is left as it is. Prints the cases each new source "
        "mentions as link suggestions. Exits non-zero when any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", type=Path, metavar="PATH", help="Files or directories."
        )
        parser.add_argument("--url", help="The article's URL (one file only).")
        parser.add_argument("--outlet", help="The outlet, overriding the byline's.")
        parser.add_argument("--language", help="Language code such as en, ru or pt-BR.")
        parser.add_argument(
            "--kind",
            choices=Source.Kind.values,
            help="What the source is. Default: official_statement for a government's address "
            "(.gov, gov.uk, kremlin.ru, ...) or release section, else news_article.",
        )
        parser.add_argument(
            "--published-at",
            help="Publication date or time, e.g. 2021-02-06 or 2021-02-06T09:12 (one file only); "
            "read in --timezone unless it names its own offset.",
        )
        parser.add_argument(
            "--timezone",
            default="UTC",
            help="Time zone for byline times and --published-at, which usually carry no zone, "
            "e.g. Asia/Shanghai for China Daily (default: UTC).",
        )

    def handle(self, *args, paths, timezone, **options):
        try:
            tz = get_timezone(timezone)
            published_at = options["published_at"] and parse_when(options["published_at"], tz)
        except ValueError as error:
            raise CommandError(str(error)) from error
        files = article_paths(paths)
        if len(files) > 1 and (options["url"] or published_at):
            raise CommandError("--url and --published-at describe one article: give one file.")
        overrides = {
            "url": options["url"],
            "outlet": options["outlet"],
            "language": options["language"],
            "published_at": published_at,
            "kind": options["kind"],
        }
        imported, present, failed = [], [], []
        progress = tqdm(
            files, desc="Importing", unit="file", disable=None if options["verbosity"] else True
        )
        for path in progress:
            try:
                result = import_article(path, tz, overrides)
            except ArticleError as error:
                failed.append((path, str(error)))
                continue
            (imported if result.created else present).append(result)
        self.report(imported, present, failed)

    def report(self, imported, present, failed):
        for result in imported:
            source = result.source
            self.stdout.write(
                self.style.SUCCESS(f"Imported {result.path}: source #{source.pk} “{source}”")
            )
            if result.encoding_guessed:
                self.stdout.write(
                    self.style.WARNING(
                        f"  not UTF-8: read as {result.encoding}, a guess; check the source's text"
                    )
                )
            for earlier in result.earlier_versions:
                self.stdout.write(
                    self.style.WARNING(
                        f"  a new version of source #{earlier.pk} “{earlier}” (same address, "
                        "another text): citations stay with the version they quote"
                    )
                )
            for suggestion in result.suggestions:
                link = suggestion.link
                self.stdout.write(
                    f"  suggests case {link.case.slug} ({link.case.person.name}): matched {link.matched_names}"
                )
            if not result.suggestions:
                self.stdout.write("  mentions no registered person")
        for result in present:
            self.stdout.write(
                f"Already present, nothing changed: {result.path} is source #{result.source.pk} “{result.source}”"
            )
        for path, reason in failed:
            self.stdout.write(self.style.ERROR(f"Failed: {path}: {reason}"))
        self.stdout.write(
            f"{len(imported)} imported, {len(present)} already present, {len(failed)} failed."
        )
        if failed:
            raise CommandError(f"{len(failed)} file(s) could not be imported.")
