from django.core.management.base import BaseCommand, CommandError

from cases.ingest.mentions import suggest_links
from cases.models import Source


class Command(BaseCommand):
    help = (
        "Look for registered people in existing sources and suggest links to their cases, "
        "e.g. after adding people. Links already suggested, accepted or rejected are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source_ids",
            nargs="*",
            type=int,
            metavar="SOURCE_ID",
            help="Sources to read (default: all).",
        )

    def handle(self, *args, source_ids, **options):
        sources = Source.objects.order_by("pk")
        if source_ids:
            sources = sources.filter(pk__in=source_ids)
            missing = set(source_ids) - set(sources.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No source with id {', '.join(map(str, sorted(missing)))}.")
        new = 0
        for source in sources.iterator():
            for suggestion in suggest_links(source):
                if suggestion.created:
                    new += 1
                    link = suggestion.link
                    self.stdout.write(
                        f"Source #{source.pk} “{source}” suggests case {link.case.slug} "
                        f"({link.case.person.name}): matched {link.matched_names}"
                    )
        self.stdout.write(f"{new} new link suggestion(s).")
