"""Redis as the cache, with a stand-in while Redis cannot be reached.

The cache is an optimisation (list counts) and a protection (throttling
counters), never the registry's memory: when Redis is down the registry keeps
serving. Each cache alias says what stands in for Redis meanwhile:

- `RedisOrNothingCache`: nothing is cached, so every count is computed. A
  per-process stand-in would be wrong here: a write in one worker could not
  invalidate the counts another worker kept.
- `RedisOrMemoryCache`: this process's memory, so throttling still binds,
  each worker counting on its own.

The outage is logged as an error when it starts and as a warning when Redis
answers again; in between, Redis is tried again every `RETRY_SECONDS`, so a
request does not wait on a dead server each time.
"""

import logging
import time

from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("registry.cache")

RETRY_SECONDS = 15
UNREACHABLE = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError)


class _RedisOrStandIn(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._stand_in = self.make_stand_in(params)
        self._down_since = None
        self._retry_at = 0.0

    def make_stand_in(self, params):
        raise NotImplementedError

    @property
    def redis_is_down(self):
        return self._down_since is not None

    def _call(self, name, *args, **kwargs):
        return self._either(
            lambda: getattr(super(_RedisOrStandIn, self), name)(*args, **kwargs),
            lambda: getattr(self._stand_in, name)(*args, **kwargs),
        )

    def _either(self, on_redis, on_stand_in):
        """`on_redis()`, or `on_stand_in()` while Redis cannot be reached."""
        if self.redis_is_down and time.monotonic() < self._retry_at:
            return on_stand_in()
        try:
            result = on_redis()
        except UNREACHABLE as error:
            if not self.redis_is_down:
                self._down_since = time.monotonic()
                logger.error(
                    "Redis at %s is unreachable (%s): the registry keeps serving, "
                    "with %s instead, until Redis answers again.",
                    self._server,
                    error,
                    self.stand_in_description,
                )
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return on_stand_in()
        if self.redis_is_down:
            logger.warning(
                "Redis at %s answers again after %.0f s.",
                self._server,
                time.monotonic() - self._down_since,
            )
            self._down_since = None
        return result

    def count(self, key, timeout):
        """Add one to the counter at `key` (created to expire after `timeout` seconds); its value.

        One round trip to Redis (SET NX with the expiry, then INCR, pipelined),
        where reading the value and writing it back would take two.
        """

        def on_redis():
            client = self.client.get_client(write=True)
            pipeline = client.pipeline(transaction=False)
            made_key = self.client.make_key(key)
            pipeline.set(made_key, 0, ex=timeout, nx=True)
            pipeline.incr(made_key)
            return pipeline.execute()[1]

        return self._either(on_redis, lambda: add_one(self._stand_in, key, timeout))


# Django's cache API: each method is Redis's, or the stand-in's while Redis is down.
CACHE_METHODS = "add get set touch delete get_many set_many delete_many has_key incr decr clear"


def _redis_or_stand_in(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    return method


for _name in CACHE_METHODS.split():
    setattr(_RedisOrStandIn, _name, _redis_or_stand_in(_name))


def add_one(cache, key, timeout) -> int:
    """Add one to the counter at `key` in `cache`, created to expire after `timeout`; its value.

    In one round trip on Redis (`count()`); any other cache adds, then increments.
    """
    if hasattr(cache, "count"):
        return cache.count(key, timeout)
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # It expired in between: this is the first of a new window.
        cache.set(key, 1, timeout)
        return 1


class RedisOrNothingCache(_RedisOrStandIn):
    """Redis; while it is down, no caching at all (every cached value is computed again)."""

    stand_in_description = "nothing cached (counts are computed on each request)"

    def make_stand_in(self, params):
        return DummyCache("", {})


class RedisOrMemoryCache(_RedisOrStandIn):
    """Redis; while it is down, this process's memory (throttling counts per worker)."""

    stand_in_description = "this process's memory (each worker throttles on its own)"

    def make_stand_in(self, params):
        return LocMemCache(f"redis-stand-in:{self._server}", {})
