from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from registry.cache import add_one


def client_address(request):
    """The client's address: X-Forwarded-For is read only as far as NUM_PROXIES trusted proxies wrote it."""
    return BaseThrottle().get_ident(request)


class ClientRateThrottle(SimpleRateThrottle):
    """One count per client: a signed-in user at the "user" rate, anyone else by address at "anon".

    DRF's AnonRateThrottle and UserRateThrottle side by side count an anonymous
    client twice (UserRateThrottle falls back to the address, at the larger
    rate, which never binds first): two cache round trips on every request for
    nothing.

    Requests are counted in fixed windows of the rate's period (a minute for
    60/min), with one counter per client and window: one round trip to Redis
    per request (`registry.cache.add_one`), where DRF's sliding window reads the
    client's whole list of request times and writes it back, two round trips
    and a list as long as the rate. A client may spend its rate at the end of
    one window and again at the start of the next.
    """

    # Its own cache alias, which falls back to this process's memory while Redis is down.
    cache = ConnectionProxy(caches, "throttle")
    scope = "anon"
    anonymous_scope, user_scope = "anon", "user"

    def allow_request(self, request, view):
        signed_in = request.user and request.user.is_authenticated
        self.scope = self.user_scope if signed_in else self.anonymous_scope
        self.rate = self.get_rate()
        if self.rate is None:
            # No rate set for this scope: not throttled, as in DRF.
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        window = int(self.timer() // self.duration)
        self.window_ends = (window + 1) * self.duration
        key = f"{self.get_cache_key(request, view)}:{window}"
        return add_one(self.cache, key, self.duration) <= self.num_requests

    def wait(self):
        """Seconds until the window ends and the count starts again."""
        return max(self.window_ends - self.timer(), 1)

    def get_cache_key(self, request, view):
        ident = request.user.pk if self.scope == self.user_scope else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PageRateThrottle(ClientRateThrottle):
    """The same counting for the public HTML pages, at their own rates."""

    scope = "pages_anon"
    anonymous_scope, user_scope = "pages_anon", "pages_user"
