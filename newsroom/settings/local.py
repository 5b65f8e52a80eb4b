"""Settings for a developer's machine and ``make run``: safe defaults, nothing required."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, database_config, env_bool, replica_databases

# DATABASE_URL, else the embedded PostgreSQL in var/pgdata (started on first use).
DATABASES = {"default": database_config(embedded=True), **replica_databases()}

DEBUG = env_bool("DJANGO_DEBUG", False)
# A fixed development key is fine locally; production refuses to start without its own.
SECRET_KEY = SECRET_KEY or "local-development-key-not-for-production-7b1f2c9e4d"
