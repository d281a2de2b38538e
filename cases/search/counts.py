"""Counting the rows of a filtered list once per version of the registry.

An exact COUNT(*) over a broad filter of a large registry costs far more than
the page itself (about 100 ms for 20,000 matching cases of 100,000), and list
pages ask for it on every request. Counts are therefore kept in the cache,
keyed by the query's SQL and by the registry's version, a number that every
write to a registry record moves on: a count is reused only while nothing
has been written since, so it is always the exact count. Writes that bypass
model signals (bulk inserts of synthetic data) are covered by the timeout.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "registry:version"
COUNT_TIMEOUT = 300


def registry_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_registry_version(using=None, **kwargs):
    """Move the version on now, for what this transaction reads next, and again once it commits:
    a count another request makes in between still sees the rows as they were before the
    write, and would otherwise be kept as the count of the new version until the next write.
    (Outside a transaction the second move follows at once, and costs only a round trip.)"""
    _move_version_on()
    transaction.on_commit(_move_version_on, using=using)


def _move_version_on():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # Not set yet (a cleared or restarted cache): start it.
        cache.add(VERSION_KEY, 1, timeout=None)


def connect_registry_writes(models):
    for model in models:
        post_save.connect(bump_registry_version, sender=model, dispatch_uid=f"count:{model}:save")
        post_delete.connect(
            bump_registry_version, sender=model, dispatch_uid=f"count:{model}:delete"
        )


def cached_count(queryset) -> int:
    return cached_result(queryset, "count", queryset.count, empty=0)


def counted_by(cases, field: str, kind: str) -> dict:
    """How many of `cases` hold each value of `field` (one grouped query), reused as counts are."""

    def evaluate():
        return list(cases.order_by().values_list(field).annotate(number=Count("id")))

    return dict(cached_result(cases.order_by().values(field), kind, evaluate, empty=[]))


def cached_result(queryset, kind: str, evaluate, empty, variant=""):
    """`evaluate()` (a count, say) of `queryset`, reused until the registry next changes.

    `kind` names what is computed, so several results of one query are kept apart;
    `variant`, what else the result depends on (the reader's language, say).
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # A filter that can match nothing, e.g. an empty search.
        return empty
    digest = hashlib.sha256(
        f"{database(queryset.db)}|{kind}|{variant}|{sql}|{params!r}".encode()
    ).hexdigest()
    key = f"registry:{kind}:{registry_version()}:{digest}"
    result = cache.get(key)
    if result is None:
        result = evaluate()
        cache.set(key, result, timeout=COUNT_TIMEOUT)
    return result


def database(alias: str) -> str:
    """Which database an alias names: two registries sharing a cache keep their counts apart."""
    settings = connections[alias].settings_dict
    return f"{connections[alias].vendor}:{settings['HOST']}:{settings['PORT']}:{settings['NAME']}"
