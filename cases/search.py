"""Name search that finds a person however the name is spelled.

Names and case texts are reduced to word keys by `cases.names.search_key`
("Навальный", "Navalnyy" and "Navalny" share one key) and stored, padded with
spaces, in `Person.search_names` and `Case.search_document`. A query matches
when every one of its word keys is a whole word of the document, so "Reed"
never matches "agreed". On PostgreSQL those columns carry trigram GIN
indexes (migration 0004) that serve the LIKE these lookups compile to.
Results are ranked best first: the whole query as the person's display name,
then as a phrase anywhere, then every word somewhere. (Trigram *similarity*
is deliberately not used to match: it takes "Red" for "Reed".) Sources are
searched with PostgreSQL's full-text search where available.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from cases.names import search_key

# The configuration of the full-text index on sources (migration 0004).
SOURCE_SEARCH_CONFIG = "english"


def padded_keys(*texts: str) -> str:
    """' key key … ': leading and trailing spaces make every word matchable as ` word `."""
    keys = " ".join(key for key in (search_key(text) for text in texts) if key)
    return f" {keys} " if keys else ""


def query_keys(query: str) -> list[str]:
    return list(dict.fromkeys(search_key(query).split()))


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def all_words_q(field: str, keys: list[str]) -> Q:
    condition = Q()
    for key in keys:
        condition &= Q(**{f"{field}__contains": f" {key} "})
    return condition


def search_cases(queryset, query: str):
    """Cases whose person, summary or charges match every word of `query`, best first."""
    keys = query_keys(query)
    if not keys:
        return queryset.none()
    matches = queryset.filter(all_words_q("search_document", keys))
    # The document starts with the person's display name (see Case.build_search_document),
    # so the rank reads the case row alone: no join to people before the page is cut.
    phrase = f" {' '.join(keys)} "
    rank = Case(
        When(search_document__startswith=phrase, then=Value(2)),
        When(search_document__contains=phrase, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return matches.annotate(search_rank=rank).order_by(
        F("search_rank").desc(), *queryset.model._meta.ordering
    )


def search_people(queryset, query: str):
    keys = query_keys(query)
    if not keys:
        return queryset.none()
    return queryset.filter(all_words_q("search_names", keys))


def search_sources(queryset, query: str):
    """Sources whose title or text contain the query, best first on PostgreSQL."""
    query = query.strip()
    if not query:
        return queryset.none()
    if not on_postgresql():
        return queryset.filter(Q(title__icontains=query) | Q(text__icontains=query))
    vector = source_search_vector()
    search = SearchQuery(query, config=SOURCE_SEARCH_CONFIG, search_type="websearch")
    return (
        queryset.annotate(search_vector=vector)
        .filter(search_vector=search)
        .annotate(search_rank=SearchRank(vector, search))
        .order_by(F("search_rank").desc(), "pk")
    )


def source_search_vector():
    return SearchVector("title", "text", config=SOURCE_SEARCH_CONFIG)
