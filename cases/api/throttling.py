from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


def client_address(request):
    """The client's address: X-Forwarded-For is read only as far as NUM_PROXIES trusted proxies wrote it."""
    return BaseThrottle().get_ident(request)


class ClientRateThrottle(SimpleRateThrottle):
    """One count per client: a signed-in user at the "user" rate, anyone else by address at "anon".

    DRF's AnonRateThrottle and UserRateThrottle side by side count an anonymous
    client twice (UserRateThrottle falls back to the address, at the larger
    rate, which never binds first): two cache round trips on every request for
    nothing.
    """

    # Its own cache alias, which falls back to this process's memory while Redis is down.
    cache = ConnectionProxy(caches, "throttle")
    scope = "anon"
    anonymous_scope, user_scope = "anon", "user"

    def allow_request(self, request, view):
        signed_in = request.user and request.user.is_authenticated
        self.scope = self.user_scope if signed_in else self.anonymous_scope
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if self.scope == self.user_scope else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PageRateThrottle(ClientRateThrottle):
    """The same counting for the public HTML pages, at their own rates."""

    scope = "pages_anon"
    anonymous_scope, user_scope = "pages_anon", "pages_user"
