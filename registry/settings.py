"""Settings for the detained-citizens case registry.

Every value that differs between a laptop and a server comes from the
environment, read through the small helpers below, which refuse values they
cannot understand rather than guessing. With nothing set, the project runs
in development mode on an embedded SQLite database.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


_RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")


def envrate(name, default):
    """A DRF throttle rate such as 60/min, refused at start-up rather than failing each request."""
    value = os.environ.get(name, default).strip()
    if not _RATE.match(value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 60/min, not {value!r}")
    return value


def envlist(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

# A development key is only acceptable while DEBUG is on; production must set its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The reader's language: the switcher's cookie, else Accept-Language (see LANGUAGES).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records which user made each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "registry.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "registry.wsgi.application"

# SQLite lives in var/ (git-ignored) so a fresh clone starts empty; DATABASE_URL
# (postgres://...) switches to PostgreSQL through psycopg 3.
# In production each worker keeps its connection between requests: opening a
# PostgreSQL connection costs about as much as serving a case, so a new one per
# request would double a cheap request's time. Development keeps Django's default
# (a connection per request), which suits runserver's thread per request.
CONN_MAX_AGE = envint("CONN_MAX_AGE", 0 if DEBUG else 600)
if CONN_MAX_AGE < 0:
    raise ImproperlyConfigured(f"CONN_MAX_AGE must be 0 or more seconds, not {CONN_MAX_AGE}")
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=CONN_MAX_AGE,
        # A kept connection the server dropped (a restart, pg_terminate_backend) is
        # noticed when a request starts and replaced, instead of failing that request.
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, reading timestamps faster (registry/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "registry.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction begins, so two concurrent
    # editors wait for each other instead of one failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SILENCED_SYSTEM_CHECKS = [
    # The case-list indexes carry INCLUDE columns for PostgreSQL's index-only scans;
    # SQLite builds the same indexes without them, which is all it needs.
    "models.W040",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The languages of the pages and the admin: English, in which the code is written, and
# every language with a catalogue in locale/, so a third language is only a new locale
# directory (`make messages LANGUAGE=uk`, then translate locale/uk/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]


def _languages():
    from django.conf.locale import LANG_INFO

    codes = [
        "en",
        *sorted(p.parent.parent.name for p in LOCALE_PATHS[0].glob("*/LC_MESSAGES/django.po")),
    ]
    codes = list(dict.fromkeys(code.replace("_", "-").lower() for code in codes))
    return [(code, LANG_INFO[code]["name_local"]) for code in codes]


LANGUAGES = _languages()
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

# Several worker processes must share one cache, or each would keep its own API
# throttling counts; REDIS_URL (e.g. redis://127.0.0.1:6379/0) provides it. Two
# aliases on the same server: "default" (list counts) and "throttle" (request
# counters). While Redis is unreachable the registry keeps serving: counts are
# computed rather than cached, and throttling counts in each process's memory
# (registry/cache.py, which logs the outage as an error).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _REDIS_OPTIONS = {
        # A dead or unreachable server costs a request at most this long before the stand-in.
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 1,
    }
    CACHES = {
        "default": {
            "BACKEND": "registry.cache.RedisOrNothingCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "registry",
            "OPTIONS": _REDIS_OPTIONS,
        },
        "throttle": {
            "BACKEND": "registry.cache.RedisOrMemoryCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "registry",
            "OPTIONS": _REDIS_OPTIONS,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "throttle",
        },
    }

# Which address a request comes from, for throttling and the admin's lockout. Each
# proxy in front of the registry appends the address it received the request from
# to X-Forwarded-For, so with NUM_PROXIES proxies the client is the NUM_PROXIES-th
# address from the right; anything to its left was written by the client and is
# not trusted. With no proxy (0) the header is ignored and the connection's address
# counts. BEHIND_TLS_PROXY=1 means one proxy unless NUM_PROXIES says otherwise.
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", False)
NUM_PROXIES = envint("NUM_PROXIES", 1 if BEHIND_TLS_PROXY else 0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"NUM_PROXIES must be 0 or more, not {NUM_PROXIES}")

# Security. Production (DEBUG off) is secure by default and passes
# `manage.py check --deploy`; each protection can be relaxed explicitly, e.g. behind
# a proxy that terminates TLS (set BEHIND_TLS_PROXY=1 so Django trusts X-Forwarded-Proto).
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): everything from this origin, nothing inline
# except styles (the admin's widgets set style attributes), no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# A case still open (not released, not dead) whose newest source is older than this
# many days is shown as "not confirmed since", and listed by the `stale` filter.
STALE_AFTER_DAYS = envint("STALE_AFTER_DAYS", 180)
if STALE_AFTER_DAYS < 1:
    raise ImproperlyConfigured(f"STALE_AFTER_DAYS must be at least 1, not {STALE_AFTER_DAYS}")

# Off: an editor publishes a case. On: a case goes from draft to "needs review" when an
# editor submits it, and only a member of "reviewers" who did not submit it publishes it
# (admin, API and import alike; cases.models.review).
REQUIRE_REVIEW = envbool("REQUIRE_REVIEW", False)

# The licence under which the registry's data may be reused, shown on /data/ and in
# every JSON download; empty means none is declared, and the pages say so.
REGISTRY_DATA_LICENCE = os.environ.get("REGISTRY_DATA_LICENCE", "").strip()
REGISTRY_DATA_LICENCE_URL = os.environ.get("REGISTRY_DATA_LICENCE_URL", "").strip()
if REGISTRY_DATA_LICENCE_URL and not REGISTRY_DATA_LICENCE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"REGISTRY_DATA_LICENCE_URL must be an http(s) URL, not {REGISTRY_DATA_LICENCE_URL!r}"
    )

# Where readers send corrections: an e-mail address or an http(s) URL, shown on /about/.
REGISTRY_CONTACT = os.environ.get("REGISTRY_CONTACT", "").strip()
if REGISTRY_CONTACT and not (
    REGISTRY_CONTACT.startswith(("https://", "http://"))
    or re.fullmatch(r"[^@\s:]+@[^@\s]+", REGISTRY_CONTACT)
):
    raise ImproperlyConfigured(
        f"REGISTRY_CONTACT must be an e-mail address or an http(s) URL, not {REGISTRY_CONTACT!r}"
    )

# Password guessing on the admin login (django-axes): lock an account and address
# pair out for an hour after five failures.
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The same client address as throttling (NUM_PROXIES above), so a forged
# X-Forwarded-For cannot give each guess a fresh address.
AXES_CLIENT_IP_CALLABLE = "cases.api.throttling.client_address"

REST_FRAMEWORK = {
    # Token first: an unauthenticated request then gets 401 with a
    # `WWW-Authenticate: Token` header, which tells a script what to send.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "cases.api.permissions.ModelPermissions",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "cases.api.filters.GivenFiltersBackend",
    ],
    # DRF's own parsers, with JSON nested past Python's limit answered 400.
    "DEFAULT_RENDERER_CLASSES": [
        "cases.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "cases.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_METADATA_CLASS": "cases.api.metadata.RegistryMetadata",
    "DEFAULT_PAGINATION_CLASS": "cases.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Counted in the "throttle" cache, which is Redis and so shared by every worker
    # when REDIS_URL is set; per process otherwise. The public search pages count
    # separately ("pages_" scopes), so browsing does not spend a script's budget.
    "DEFAULT_THROTTLE_CLASSES": ["cases.api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": envrate("API_THROTTLE_ANON", "60/min"),
        "user": envrate("API_THROTTLE_USER", "600/min"),
        "pages_anon": envrate("PAGE_THROTTLE_ANON", "120/min"),
        "pages_user": envrate("PAGE_THROTTLE_USER", "1200/min"),
    },
    "NUM_PROXIES": NUM_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Detained-citizens case registry API",
    "DESCRIPTION": "Cases of people detained abroad or for political reasons, "
    "every fact cited to a verbatim passage of its source.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The contract is JSON. The form parsers serve the browsable API, where an empty
    # input means "unknown" (null), as HTML forms have no other way to say it.
    "PARSER_WHITELIST": ["cases.api.parsers.JSONParser"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # Error responses, ETag and If-Match, which the views set outside serializers.
        "cases.api.schema.document_errors_and_versions",
    ],
    # One name per shared choice set, instead of one per field that uses it.
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "django_countries.countries",
        "DatePrecisionEnum": "cases.models.DatePrecision",
        "ActorKindEnum": "cases.models.actors.ActorKind",
        "EventKindEnum": "cases.models.cases.EventKind",
        "SourceKindEnum": "cases.models.sources.SourceKind",
        "CaseStatusEnum": "cases.models.cases.CaseStatus",
        "SourceLinkStatusEnum": "cases.models.sources.SourceLinkStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
