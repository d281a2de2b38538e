from rest_framework.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    """One count per client: a signed-in user at the "user" rate, anyone else by address at "anon".

    DRF's AnonRateThrottle and UserRateThrottle side by side count an anonymous
    client twice (UserRateThrottle falls back to the address, at the larger
    rate, which never binds first): two cache round trips on every request for
    nothing.
    """

    scope = "anon"

    def allow_request(self, request, view):
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if self.scope == "user" else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
