"""Production settings plus the bench's server-side timing; used only by `make bench`.

gunicorn is started with DJANGO_SETTINGS_MODULE=tests.bench.settings, so the
registry's own settings stay free of benchmark code.
"""

from registry.settings import *  # noqa: F403
from registry.settings import MIDDLEWARE, REST_FRAMEWORK

# First, so its clock and query count cover every other middleware and the view.
MIDDLEWARE = ["tests.bench.timing.ServerTimingMiddleware", *MIDDLEWARE]

# Throttling, if configured, keeps running (its cache round trips are part of a
# request's cost) but with rates the bench's fixed request count never reaches.
if REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES"):
    REST_FRAMEWORK = {
        **REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            scope: "1000000/minute" for scope in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        },
    }
