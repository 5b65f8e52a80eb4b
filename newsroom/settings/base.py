"""Settings shared by every environment; everything deployment-specific comes from the environment."""

from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Return the boolean value of environment variable ``name``."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return a comma-separated environment variable as a list."""
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default or [])


def database_config(database: str = "newsroom", *, embedded: bool = False) -> dict:
    """Return the default database: ``DATABASE_URL``, else (``embedded``) the embedded server.

    Only the local and test settings pass ``embedded=True``; without it a missing
    ``DATABASE_URL`` is an error raised before anything is started.
    """
    url = os.environ.get("DATABASE_URL")
    if not url:
        if not embedded:
            raise ImproperlyConfigured(
                "DATABASE_URL must name the PostgreSQL database "
                "(postgres://user:password@host:5432/newsroom): the embedded server is for "
                "`make run` and the tests only, never started by these settings."
            )
        from newsroom.embedded_db import embedded_server_uri

        url = embedded_server_uri(database=database)
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if not config["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("Newsroom needs PostgreSQL: DATABASE_URL must be postgres://…")
    return config


def replica_databases() -> dict[str, dict]:
    """Return the read replicas of ``DATABASE_REPLICA_URLS`` (comma-separated postgres URLs)
    as DATABASES entries ``replica_1``, ``replica_2``…, for ``newsroom.routers``."""
    replicas = {}
    for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if not config["ENGINE"].endswith("postgresql"):
            raise ImproperlyConfigured(
                f"DATABASE_REPLICA_URLS: replica {number} is not a postgres:// URL"
            )
        config["TEST"] = {"MIRROR": "default"}  # tests read the primary under its name
        replicas[f"replica_{number}"] = config
    return replicas


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",  # django.contrib.admin with the site's titles
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",  # audit: who changed what, before and after (issue 6)
    "axes",  # brute-force protection of the admin login (issue 6)
    "articles",
]

MIDDLEWARE = [
    # Content-Security-Policy, Permissions-Policy, Cross-Origin-Resource-Policy on every
    # response, including those answered by the middleware below (static files, redirects).
    "newsroom.security_headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Where the request reads (a replica for public pages, see DATABASE_REPLICAS), before
    # anything reads; pins a client that wrote to the primary for a few seconds.
    "newsroom.routers.ReplicaMiddleware",
    # Per-address limits on pages, exports and logins (429 + Retry-After); static files,
    # answered above, never count.
    "articles.middleware.RateLimitMiddleware",
    # ETag (from the body) and Last-Modified answered with 304 on a conditional request.
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous pages from the "pages" cache, keyed by the site version: before the
    # session and auth middleware, so a cached page costs neither.
    "articles.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.routers.PrimaryForStaffMiddleware",  # staff users read what they just wrote
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the logged-in user on every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Reads of the search index in a request look at its queue of changes once.
    "articles.middleware.SearchIndexMiddleware",
    # Turns a locked-out login into a readable "locked out" page; keep it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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

# DATABASES: each environment's own module (local and test may start the embedded server;
# production never does). Importing this module starts nothing.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read replicas (DATABASE_REPLICA_URLS): public pages, the API, exports and feeds read from
# one of them; writes, the admin, staff users and every command use the primary. A client
# that wrote reads from the primary for DATABASE_PIN_SECONDS (newsroom/routers.py).
DATABASE_REPLICAS = [f"replica_{n}" for n in range(1, len(env_list("DATABASE_REPLICA_URLS")) + 1)]
DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]
DATABASE_PIN_SECONDS = int(os.environ.get("DATABASE_PIN_SECONDS") or "15")

# Axes first: it refuses a locked-out (account, address) pair before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock-out after 5 failures for one account *from one address*: a guesser elsewhere cannot
# lock a real editor out, and the lock lifts by itself after the cool-off period.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
# The lock-out page (429), for readers' sign-in and the admin's alike.
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
# The address axes locks out: the client's, behind DJANGO_TRUSTED_PROXIES (see below).
AXES_CLIENT_IP_CALLABLE = "newsroom.client_ip.client_ip"

# Proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed: the
# client is the address nearest to us in that header that is not one of them. Unset,
# the client is the connection's own address (REMOTE_ADDR), whatever a header says.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"DJANGO_TRUSTED_PROXIES: {_proxy!r} is not an address or a network (10.0.0.0/8)"
        ) from None

# Per-address request limits ("N/second|minute|hour|day", or "" for none), in windows
# of that length; answered with 429 and Retry-After. Pages are generous (a reader who
# opens fifty tabs is fine); exports are strict, with a cap on those streaming at once;
# login attempts per address slow one address trying many usernames, which the
# per-(account, address) lock-out above does not. The API has its own limit (below).
RATE_LIMITS = {
    "pages": os.environ.get("DJANGO_PAGE_RATE", "600/minute"),
    "exports": os.environ.get("DJANGO_EXPORT_RATE", "10/minute"),
    "login": os.environ.get("DJANGO_LOGIN_RATE", "20/hour"),
    # Readers' accounts (articles/views/accounts): attempts per address and per email
    # address, answered with the form and a message (429). A reader's login is also
    # counted in "login" (per address) and locked out by axes (per account and address).
    "signup": os.environ.get("DJANGO_SIGNUP_RATE", "10/hour"),
    "signup_email": os.environ.get("DJANGO_SIGNUP_EMAIL_RATE", "3/hour"),
    "reset": os.environ.get("DJANGO_RESET_RATE", "10/hour"),
    "reset_email": os.environ.get("DJANGO_RESET_EMAIL_RATE", "3/hour"),
    "login_account": os.environ.get("DJANGO_LOGIN_ACCOUNT_RATE", "30/hour"),
}
EXPORTS_AT_ONCE = int(os.environ.get("DJANGO_EXPORTS_AT_ONCE", "2"))

# Whole anonymous pages are cached (articles.middleware.PageCacheMiddleware), keyed by the
# site version the database bumps on every committed change, so an edit or an import is
# never served stale. DJANGO_PAGE_CACHE=0 turns it off.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)

# Readers' accounts (docs/following.md): sign-in pages under /account/.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:searches"
LOGOUT_REDIRECT_URL = "articles:home"
# How long a sign-up's confirmation link works.
ACCOUNT_CONFIRM_DAYS = int(os.environ.get("NEWSROOM_CONFIRM_DAYS") or "3")
# Saved searches per reader.
SAVED_SEARCHES_MAX = 50

# Email: printed on the console unless an SMTP server is named (EMAIL_HOST).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))  # file backend
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "Newsroom <newsroom@localhost>"
# The site's address as mail links it (send_digests runs outside any request).
SITE_URL = (os.environ.get("NEWSROOM_SITE_URL") or "http://localhost:8000").rstrip("/")
# The hour (UTC) from which each day's digests go out; weekly ones on Mondays.
DIGEST_HOUR = int(os.environ.get("NEWSROOM_DIGEST_HOUR") or "6")
if not 0 <= DIGEST_HOUR <= 23:
    raise ImproperlyConfigured(f"NEWSROOM_DIGEST_HOUR must be an hour, 0 to 23, not {DIGEST_HOUR}")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps are fetched only by a browser's developer tools: compressing the API docs'
# 4 MB maps with Brotli's highest level was most of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The search index (articles/search): derived from PostgreSQL, rebuilt with `rebuild_index`.
SEARCH_INDEX_DIR = Path(os.environ.get("NEWSROOM_INDEX_DIR") or BASE_DIR / "var" / "index")
# This machine's name as a node of the web tier (NEWSROOM_NODE, below) names its copy of
# the index among the nodes that each keep one (docs/deployment.md); unset: the host name
# and the folder. A copy not seen for SEARCH_NODE_FORGET_AFTER seconds no longer holds the
# queue's rows back (it rebuilds itself if it comes back).
SEARCH_NODE_FORGET_AFTER = int(os.environ.get("NEWSROOM_SEARCH_NODE_FORGET_AFTER", 7 * 24 * 3600))

# Redis, when a deployment has one (redis://host:6379/0): the shared cache, sessions, the
# rate limits' counts (articles.services.limits) and pages live there instead of PostgreSQL.
REDIS_URL = os.environ.get("REDIS_URL", "")

# "default" is per process. "shared" is seen by every server process and node (gunicorn
# runs several): Redis when REDIS_URL is set, else a table in PostgreSQL (migration 0013),
# so nothing else needs to run. Sessions are read from it (below).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "shared",
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_shared_cache",
            # Each write counts the rows first (culling): enough room for the clients of a
            # busy minute, small enough for that count to stay cheap.
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    ),
    # Whole anonymous pages: a table in PostgreSQL (migration 0022), or Redis when
    # REDIS_URL is set. Keys carry the site version, so old pages are never read again
    # and age out (culled beyond MAX_ENTRIES, expired after a day).
    "pages": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_page_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4},
        }
    )
    | {"TIMEOUT": 24 * 3600, "KEY_PREFIX": "page"},
}

# Sessions (signed-in editors and readers): with Redis, read from the shared cache and
# written through to PostgreSQL (a Redis restart signs nobody out); without, PostgreSQL.
# Either way every node sees every session.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "shared"

# The read-only JSON API (/api/). Anonymous clients are limited per address (the client's,
# behind DJANGO_TRUSTED_PROXIES: articles.api.throttling).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # public and read-only: every client is anonymous
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["articles.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("DJANGO_API_ANON_RATE", "120/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": (
        "Read-only access to the corpus: articles with the same filters as /articles/, "
        "facet counts and timelines for any filter set, countries, officials with their "
        "posts, organisations and topics. Lists page with cursors: follow `next`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # Swagger UI from drf-spectacular-sidecar: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# The task queue (Celery; docs/deployment.md, "Task queue"). With a broker, import_corpus
# sends its batches to `celery -A newsroom worker` processes on any machine sharing the
# database and waits for them; without one, everything runs in-process as before.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged when done: a lost worker's is redone
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # ...also when its process was killed (kill -9)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a worker holds only the batch it works on
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True  # progress and results are the batches' rows in PostgreSQL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a message nobody acknowledged after this many seconds (a machine that
# died with its batch); RabbitMQ redelivers as soon as the worker's connection drops.
# Every worker looks for such messages every CELERY_RESTORE_INTERVAL seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600")),
    "unacked_restore_interval": int(os.environ.get("CELERY_RESTORE_INTERVAL", "10")),
    "unacked_restore_throttle": 1,
}
# How long a batch's task waits for the batch before it to be written (batches are written
# in input order, as in-process) before handing its message back so a free worker can take
# the missing batch.
CELERY_BATCH_ORDER_WAIT = float(os.environ.get("CELERY_BATCH_ORDER_WAIT", "120"))
# This machine's name as a node of the web tier: its worker also consumes the queue
# "index.<NEWSROOM_NODE>", where `rebuild_index --node` sends the rebuild of its local
# search index (docs/deployment.md, "Task queue").
# Unset: the host name (and, for the search index's copy, the host name and its folder).
NEWSROOM_NODE = os.environ.get("NEWSROOM_NODE", "")
