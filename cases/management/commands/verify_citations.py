from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef
from tqdm import tqdm

from cases.models import Citation, Source
from cases.text.quotes import NormalisedText


class Command(BaseCommand):
    help = (
        "Check that every citation's quote still occurs in its source's text at its stored "
        "offsets, and that the fact it supports belongs to its case. Lists each broken "
        "citation and exits non-zero if there is any."
    )

    def handle(self, *args, **options):
        checked, broken = 0, 0
        total = Citation.objects.count()
        with tqdm(total=total, unit="citation", disable=None, file=self.stderr) as bar:
            for source, citations in cited_sources():
                # Normalised once for all its quotes, which used to take most of the time.
                text = NormalisedText(source.text)
                for citation in citations:
                    checked += 1
                    citation.source = source
                    problem = citation.problem(text)
                    if problem is not None:
                        broken += 1
                        self.report(citation, problem)
                bar.update(len(citations))
        if broken:
            raise CommandError(f"{broken} of {checked} citation(s) are broken.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} citation(s) found in their sources."))

    def report(self, citation, problem):
        self.stdout.write(
            self.style.ERROR(
                f"Citation #{citation.pk} in source #{citation.source_id} “{citation.source}”, "
                f"supporting {citation.supports_label}: “{citation.quote[:80]}”: {problem}"
            )
        )


# What Citation.problem() reads: the quote and its offsets, and each fact's case.
CHECKED_FIELDS = [
    "id",
    "case_id",
    "source_id",
    "quote",
    "start",
    "end",
    "status_change_id",
    *(f"{fact}__case_id" for fact in ("charge", "event", "position")),
]


def cited_sources(chunk_size=500):
    """Each cited source, read once, with its citations: two queries per `chunk_size` sources.

    The facts are joined for the check that each belongs to the citation's case;
    the case and its person are read only to name a broken citation.
    """
    sources = Source.objects.filter(Exists(Citation.objects.filter(source=OuterRef("pk"))))
    sources = sources.only("id", "title", "text")
    chunk = []
    for source in sources.order_by("pk").iterator(chunk_size=chunk_size):
        chunk.append(source)
        if len(chunk) == chunk_size:
            yield from with_citations(chunk)
            chunk = []
    yield from with_citations(chunk)


def with_citations(sources):
    if not sources:
        return
    by_source = {source.pk: [] for source in sources}
    citations = (
        Citation.objects.filter(source__in=list(by_source))
        .select_related("charge", "event", "position")
        .only(*CHECKED_FIELDS)
        .order_by("source", "start", "pk")
    )
    for citation in citations:
        by_source[citation.source_id].append(citation)
    for source in sources:
        yield source, by_source[source.pk]
