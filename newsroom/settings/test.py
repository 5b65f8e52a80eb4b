"""Settings for the test suite: a real PostgreSQL (embedded unless DATABASE_URL is set)."""

import os

from .base import *  # noqa: F403
from .base import database_config

DATABASES = {"default": database_config(embedded=True)}
DATABASE_REPLICAS: list[str] = []  # tests/web/test_replicas.py starts its own replica

DEBUG = False
SECRET_KEY = "test-key-not-secret"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test database gets its own name, so a test run never touches the data `make run` serves.
# NEWSROOM_TEST_DB names another one, so two runs on one server never drop each other's.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("NEWSROOM_TEST_DB", "test_newsroom")}
# Close connections after each request: the browser tests' server threads must not keep
# sessions open, or the test database cannot be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Serve static files from the source folders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Off unless a test turns them on (override_settings): most tests make many requests from
# one address, and most write through transactions that never commit, which the page
# cache's version (bumped at commit) cannot see. tests/test_page_cache.py and
# tests/test_rate_limits.py test both with committed data.
PAGE_CACHE = False
RATE_LIMITS = {"pages": "", "exports": "", "login": ""}
CELERY_BROKER_URL = ""  # tests run everything in-process unless a test starts workers
