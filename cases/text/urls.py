"""URLs as RFC 3986 URIs: what the API's schema promises (`format: uri`) for every stored URL.

A URL typed or pasted may be an IRI: a host in another script
(http://пример.рф/), letters with accents in its path, or characters RFC 3986
does not allow unescaped (`|`, `{`, a space written as such). `as_uri()` gives
the URI naming the same resource: the host in IDNA form, everything else that
is not allowed percent-encoded as UTF-8. Escapes already present are kept, so
the function can be applied any number of times.

No Django imports.
"""

from urllib.parse import quote, urlsplit, urlunsplit

# RFC 3986: unreserved and reserved characters, and "%" so existing escapes survive.
_ALLOWED = "-._~:/?#[]@!$&'()*+,;=%"


def as_uri(url: str) -> str:
    """The URI for `url`; an empty string stays empty."""
    if not url:
        return url
    parts = urlsplit(url)
    return urlunsplit(
        (
            parts.scheme,
            _ascii_netloc(parts.netloc),
            quote(parts.path, safe=_ALLOWED),
            quote(parts.query, safe=_ALLOWED),
            quote(parts.fragment, safe=_ALLOWED),
        )
    )


def _ascii_netloc(netloc: str) -> str:
    if netloc.isascii():
        return netloc
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = quote(host, safe=_ALLOWED)
    return f"{quote(userinfo, safe=_ALLOWED)}{at}{host}{colon}{port}"
