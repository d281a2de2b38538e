from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef
from tqdm import tqdm

from cases.models import Citation, Source
from cases.models.sources import FACT_FIELDS, quote_problem
from cases.text.quotes import NormalisedText

# The broken citations are read again as records, this many at a time, to name them.
REPORT_CHUNK = 500


class Command(BaseCommand):
    help = (
        "Check that every citation's quote still occurs in its source's text at its stored "
        "offsets, and that the fact it supports belongs to its case. Lists each broken "
        "citation and exits non-zero if there is any."
    )

    def handle(self, *args, **options):
        problems = {}  # by citation id: why it no longer holds (the first thing found)
        checked = 0
        total = Citation.objects.count()
        with tqdm(total=total, unit="citation", disable=None, file=self.stderr) as bar:
            for source, citations in cited_sources():
                # Normalised once for all its quotes, which used to take most of the time.
                text = NormalisedText(source.text)
                for pk, quote, start, end in citations:
                    problem = quote_problem(text, quote, start, end)
                    if problem is not None:
                        problems[pk] = problem
                checked += len(citations)
                bar.update(len(citations))
        # Whether each fact is its citation's case's: one query for them all, not a join per row.
        misfiled = Citation.objects.filed_under_another_case().select_related(*FACT_FIELDS)
        for citation in misfiled:
            problems.setdefault(citation.pk, citation.fact_problem())
        for citation in broken(problems):
            self.report(citation, problems[citation.pk])
        if problems:
            raise CommandError(f"{len(problems)} of {checked} citation(s) are broken.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} citation(s) found in their sources."))

    def report(self, citation, problem):
        self.stdout.write(
            self.style.ERROR(
                f"Citation #{citation.pk} in source #{citation.source_id} “{citation.source}”, "
                f"supporting {citation.supports_label}: “{citation.quote[:80]}”: {problem}"
            )
        )


def cited_sources(chunk_size=500):
    """Each cited source, read once, with its citations' (id, quote, start, end) in text order.

    Two queries per `chunk_size` sources; the citations are read as plain rows.
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
    rows = (
        Citation.objects.filter(source__in=list(by_source))
        .order_by("source", "start", "pk")
        .values_list("source_id", "id", "quote", "start", "end")
    )
    for source_id, *citation in rows:
        by_source[source_id].append(citation)
    for source in sources:
        yield source, by_source[source.pk]


def broken(problems):
    """The citations named in `problems`, as records with what a report names, in text order."""
    ids = sorted(problems)
    for first in range(0, len(ids), REPORT_CHUNK):
        yield from Citation.objects.filter(pk__in=ids[first : first + REPORT_CHUNK]).select_related(
            "source", "case__person", *FACT_FIELDS
        )
