"""Name search that finds a person however the name is spelled.

Names and case texts are reduced to word keys by `cases.text.names.search_key`
("Навальный", "Navalnyy" and "Navalny" share one key) and stored, padded with
spaces, in `Person.search_names` and `Case.search_document`. A query matches
when every one of its words is a whole word of the document, as its own key
or, for a Russian word in another grammatical case, as the key of a
nominative it may come from (`cases.text.names.word_keys`: "Навального" finds
Навальный), so "Reed" never matches "agreed". On PostgreSQL GIN indexes of
those columns' words serve the lookups (`all_words_q`, migration 0024); on
SQLite an FTS5 index of the case documents names the candidates first
(cases.search.fulltext, migration 0019).
Results are ranked best first: the whole query as the person's display name,
then as a phrase anywhere, then every word somewhere. (Trigram *similarity*
is deliberately not used to match: it takes "Red" for "Reed".) Sources are
searched with PostgreSQL's full-text search where available.

Ranking in one ORDER BY makes the database rank every match before it can
return the first page: 70 ms and more for a word found in a fifth of 100,000
cases. `RankedCases` reads a page rank by rank instead, each rank in the list's
own date order, which an index serves (walking it stops as soon as the page is
full), and takes the number of matches of each rank from the cache.
"""

from difflib import SequenceMatcher
from functools import cached_property

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.fields.array import ArrayOverlap
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, StrIndex
from django.db.models.lookups import GreaterThan

from cases.models.cases import LIST_ORDER
from cases.models.sources import Citation, Source, SourceLink
from cases.search import fulltext
from cases.search.counts import cached_result
from cases.text.names import search_key, word_keys, words

# The configuration of the full-text index on sources (migration 0004).
SOURCE_SEARCH_CONFIG = "english"
RANK = "search_rank"
RANK_FIRST = F(RANK).desc()
# Suggestions where pg_trgm is not available: difflib's ratio at least this, among
# names with a word beginning as a query word does.
CLOSE_ENOUGH = 0.75
CLOSE_PREFIX = 3
# A rank with more matches than this (a few pages) has its page chosen before the rows it
# joins are read.
CHOSEN_BEFORE_JOINS = 200


def query_words(query: str) -> list[tuple[str, ...]]:
    """For each word of `query`, the keys it may stand for (a Russian word in any case)."""
    return list(dict.fromkeys(keys for keys in map(word_keys, words(query)) if keys))


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


class SearchWords(Func):
    """The words of a column of search keys, as an array (PostgreSQL).

    What the GIN indexes `case_search_words` and `person_search_words` hold
    (migration 0024): their expression must stay identical to this one.
    """

    template = "string_to_array(btrim(%(expressions)s), ' ')"
    output_field = ArrayField(TextField())


def all_words_q(field: str, query: list[tuple[str, ...]]) -> Q:
    """Every word of the query, as any of its keys, a whole word of `field`.

    `LIKE '% key %'`: the spaces around every key make it a whole-word match.
    On PostgreSQL the match is the array of the field's words overlapping each
    word's keys, which a GIN index of those arrays answers from the entries of
    the query's words alone (migration 0024). A trigram index read those of every
    trigram in them, and "ale" or "sei" are in a large share of all names: at
    1,000,000 cases a full name took 14 ms to find that way, under 1 ms so.

    A quick test stays in front there, one that cannot change the result but is
    cheap: for a common word the planner walks the date index and tests case
    after case (on the published ones, from the documents the index
    `case_search_walk` holds, migration 0027), and finding the padded key with
    `strpos()` costs a fraction of splitting a document into words, and a third
    of a LIKE (which matches character by character: at 1,000,000 cases, 11.5 ms
    rather than 3.8 to walk the 9,000 cases before a page of "Kuznetsov").
    Inside COALESCE the planner does not count it as a second, independent
    condition; it would take a word in 1% of the cases to be in 0.01%, and read
    and sort every match instead of walking (18 ms rather than 9 for "Müller").
    """
    condition = whole_words_q(field, query)
    if not on_postgresql():
        return condition
    return Q(
        Coalesce(ExpressionWrapper(condition, BooleanField()), True),
        *(ArrayOverlap(SearchWords(field), list(keys)) for keys in query),
    )


def whole_words_q(field: str, query: list[tuple[str, ...]]) -> Q:
    """`all_words_q` without the word index: a test of the cases other conditions found.

    Each key, padded with spaces, is looked for in the padded document: with
    `strpos()` on PostgreSQL, a LIKE elsewhere (SQLite's word index names the
    candidates). The ranks test it on the matches (`rank_conditions`): with the
    word index a second time, PostgreSQL would take a rank of "Кузнецова" to
    hold one match in a hundred (its two conditions as if independent) and read
    all 5,347 to sort them rather than walk.
    """
    with_strpos = on_postgresql()
    condition = Q()
    for keys in query:
        any_key = Q()
        for key in keys:
            if with_strpos:
                any_key |= GreaterThan(StrIndex(field, Value(f" {key} ")), 0)
            else:
                any_key |= Q(**{f"{field}__contains": f" {key} "})
        condition &= any_key
    return condition


def search_cases(queryset, query: str):
    """Cases whose person, summary or charges match every word of `query`, best first."""
    query = query_words(query)
    if not query:
        return queryset.none()
    matches = queryset.filter(all_words_q("search_document", query))
    if connection.vendor == "sqlite":
        # The word index names the candidates; the conditions above check them.
        matches = matches.filter(fulltext.holding_every_word(query, queryset.db))
    rank = MatchRank(rank_conditions(query))
    return matches.annotate(**{RANK: rank}).order_by(RANK_FIRST, *LIST_ORDER)


def rank_conditions(query: list[tuple[str, ...]]) -> list[tuple[int, Q]]:
    """Each rank of a match for `query`, best first, with the condition that selects exactly it.

    From the best: the query as the start of the display name; as a phrase;
    every word as written; last, words found only as the nominative of a
    declined Russian word. Each level holds the one after it (a name that
    starts with the phrase contains it...), so a rank is its level less the
    level above. The document starts with the person's display name (see
    Case.build_search_document), so every rank reads the case row alone, and
    the conditions are plain LIKEs, which the database can estimate and index.
    """
    written = [keys[0] for keys in query]
    phrase = f" {' '.join(written)} "
    levels = [Q(search_document__startswith=phrase)]
    if len(written) > 1:
        levels.append(Q(search_document__contains=phrase))
    if any(len(keys) > 1 for keys in query):
        levels.append(whole_words_q("search_document", [(key,) for key in written]))
    ranks = range(len(levels), -1, -1)
    conditions = [level & ~above for above, level in zip([Q(), *levels], levels, strict=False)]
    return list(zip(ranks, [*conditions, ~levels[-1]], strict=True))


class MatchRank(Case):
    """The rank of each match, as one CASE, keeping the condition of each rank for `RankedCases`."""

    def __init__(self, conditions):
        *better, (worst, _) = conditions
        super().__init__(
            *(When(condition, then=Value(rank)) for rank, condition in better),
            default=Value(worst),
            output_field=IntegerField(),
        )
        self.conditions = dict(conditions)


def is_ranked(queryset) -> bool:
    """Whether `queryset` is a search_cases() result still in its best-first order."""
    query = getattr(queryset, "query", None)
    if query is None or not isinstance(query.annotations.get(RANK), MatchRank):
        return False  # A list, or a search of sources ranked by full-text relevance.
    return bool(query.order_by) and query.order_by[0] == RANK_FIRST


class RankedCases:
    """A ranked case search, read a slice at a time rank by rank (see the module docstring).

    Takes the place of the queryset in a paginator: it counts (once per
    registry version, for every rank in one query) and slices like one,
    giving the same rows in the same order.
    """

    ordered = True

    def __init__(self, queryset):
        self.queryset = queryset
        self.conditions = queryset.query.annotations[RANK].conditions
        self.within_rank = queryset.query.order_by[1:]

    @cached_property
    def rank_counts(self) -> list[tuple[int, int]]:
        """(rank, number of matches) for each rank that has any, best first."""
        counts = self.queryset.order_by().values(RANK).annotate(matches=Count("pk"))
        rows = cached_result(counts, "rank-counts", lambda: list(counts), empty=[])
        return sorted(((row[RANK], row["matches"]) for row in rows), reverse=True)

    def count(self) -> int:
        return sum(matches for _, matches in self.rank_counts)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("RankedCases is read in slices, as a paginator does.")
        start, stop, _ = index.indices(self.count())
        found = []
        first_of_rank = 0
        for rank, matches in self.rank_counts:
            low, high = max(start - first_of_rank, 0), min(stop - first_of_rank, matches)
            if low < high:
                of_rank = self.queryset.filter(self.conditions[rank]).order_by(*self.within_rank)
                if matches > CHOSEN_BEFORE_JOINS:
                    # In one query PostgreSQL joins every match to its person before it
                    # sorts them for the page (5,347 joins for 50 rows), or walks the date
                    # index where the trigram index would be quicker: the page is chosen on
                    # the cases alone first. For a few matches, planning the conditions
                    # twice costs more than it saves.
                    found.extend(of_rank.filter(pk__in=of_rank.values("pk")[low:high]))
                else:
                    found.extend(of_rank[low:high])
            first_of_rank += matches
        return found


def search_people(queryset, query: str):
    query = query_words(query)
    if not query:
        return queryset.none()
    return queryset.filter(all_words_q("search_names", query))


def close_people(queryset, query: str):
    """People whose names are spelled close to `query`, closest first: "did you mean" suggestions.

    "Kuznetsof" suggests Ivan Kuznetsov, whom a search does not find: its
    words must match whole. On PostgreSQL closeness is pg_trgm's word
    similarity of the query's keys to the person's names, above pg_trgm's
    threshold (`pg_trgm.word_similarity_threshold`, 0.6 by default), which the
    trigram index on `search_names` serves. Elsewhere it is difflib's ratio
    against the same number of consecutive name words, among people with a
    name word starting as a query word does (its first three letters).
    """
    key = search_key(query)
    if not key:
        return queryset.none()
    if on_postgresql():
        return (
            queryset.filter(TrigramWordSimilar(F("search_names"), Value(key)))
            .annotate(closeness=TrigramWordSimilarity(key, "search_names"))
            .order_by("-closeness", "name", "pk")
        )
    length = len(key.split())
    starts = Q()
    for word in key.split():
        starts |= Q(search_names__contains=f" {word[:CLOSE_PREFIX]}")
    closeness = {}
    for pk, names in queryset.filter(starts).values_list("pk", "search_names"):
        words = names.split()
        spans = (" ".join(words[start : start + length]) for start in range(len(words)))
        best = max(SequenceMatcher(None, key, span).ratio() for span in spans)
        if best >= CLOSE_ENOUGH:
            closeness[pk] = best
    if not closeness:
        return queryset.none()
    return queryset.filter(pk__in=closeness).order_by(
        Case(*(When(pk=pk, then=Value(value)) for pk, value in closeness.items())).desc(),
        "name",
        "pk",
    )


def search_sources(queryset, query: str, cases=None):
    """Sources whose title or text contain the query, best first on PostgreSQL.

    With `cases` (those the reader may see), also the sources cited by or linked
    to those cases whose person the query names, in any spelling or script the
    people search takes ("Navalnyy", "Навального"), ranked after the texts that
    contain it: a source's own words are matched only as written.

    Lists of cases are left out: a spreadsheet's rows are no passages, and past
    1 MB of text PostgreSQL cannot index one (migration 0015).
    """
    query = query.strip()
    if not query:
        return queryset.none()
    queryset = queryset.exclude(kind=Source.Kind.LIST)
    concerning = sources_concerning(cases, query) if cases is not None else Q(pk__in=[])
    if not on_postgresql():
        return queryset.filter(Q(title__icontains=query) | Q(text__icontains=query) | concerning)
    vector = source_search_vector()
    search = SearchQuery(query, config=SOURCE_SEARCH_CONFIG, search_type="websearch")
    return (
        queryset.annotate(search_vector=vector)
        .filter(Q(search_vector=search) | concerning)
        .annotate(search_rank=SearchRank(vector, search))
        .order_by(F("search_rank").desc(), "pk")
    )


def sources_concerning(cases, query: str) -> Q:
    """Sources citing, or linked to, those of `cases` whose person `query` names.

    A link an editor rejected says the source does not concern the case.
    """
    words = query_words(query)
    if not words:
        return Q(pk__in=[])
    named = cases.filter(all_words_q("person__search_names", words)).values("pk")
    cited = Citation.objects.filter(case__in=named).values("source_id")
    linked = (
        SourceLink.objects.filter(case__in=named)
        .exclude(status=SourceLink.Status.REJECTED)
        .values("source_id")
    )
    return Q(pk__in=cited) | Q(pk__in=linked)


def source_search_vector():
    return SearchVector("title", "text", config=SOURCE_SEARCH_CONFIG)
