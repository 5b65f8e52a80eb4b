"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = "x" * 20 + "-production-secret-" + "y" * 20


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py with production settings and the given environment."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") or k == "DJANGO_LOG_LEVEL"
    }
    # A server nothing listens on: these commands must not need to connect.
    environment.setdefault("DATABASE_URL", "postgres://newsroom@127.0.0.1:9/newsroom")
    environment.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "news.example.org"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "a.org"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": GOOD_SECRET}, "DJANGO_ALLOWED_HOSTS"),
    ],
    ids=["no-secret", "short-secret", "no-hosts"],
)
def test_production_refuses_to_start_without_its_secrets(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


MAIL = {"EMAIL_HOST": "smtp.example.org", "NEWSROOM_SITE_URL": "https://news.example.org"}


def test_production_check_deploy_is_clean():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="news.example.org",
        **MAIL,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_readers_mail_would_not_reach_them():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="news.example.org",
        EMAIL_HOST="",  # the console backend
        NEWSROOM_SITE_URL="",  # the localhost default
    )
    assert "articles.W002" in result.stderr + result.stdout
    assert "articles.W003" in result.stderr + result.stdout


def test_production_without_database_url_refuses_and_starts_nothing():
    probe = (
        "import sys, django\n"
        "try:\n"
        "    django.setup()\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
        "print('embedded loaded:', 'newsroom.embedded_db' in sys.modules, 'pgserver' in sys.modules)\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.pop("DATABASE_URL", None)
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="news.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert "ImproperlyConfigured DATABASE_URL must name the PostgreSQL database" in result.stdout
    assert "embedded loaded: False False" in result.stdout


def test_bad_boolean_is_refused():
    result = run_manage(
        "check",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="a.org",
        DJANGO_DEBUG="maybe",
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_non_postgres_database_url_is_refused():
    result = run_manage(
        "check",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="a.org",
        DATABASE_URL="sqlite:///tmp/x.db",
    )
    assert result.returncode != 0
    assert "needs PostgreSQL" in result.stderr


SETTINGS_PROBE = (
    "shell",
    "-c",
    "from django.conf import settings as s; "
    "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)",
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "None False False"),
        ({"DJANGO_BEHIND_TLS_PROXY": "1"}, "('HTTP_X_FORWARDED_PROTO', 'https') False False"),
        (
            {"DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "DJANGO_SECURE_HSTS_PRELOAD": "1"},
            "None True True",
        ),
    ],
    ids=["defaults", "behind-a-proxy", "hsts-opt-in"],
)
def test_proxy_trust_and_hsts_reach_are_opt_in(env, expected):
    result = run_manage(
        *SETTINGS_PROBE,
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="news.example.org",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_replica_urls_become_read_databases_of_the_router():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print('=>', sorted(s.DATABASES), s.DATABASE_REPLICAS, s.DATABASE_ROUTERS, "
        "s.DATABASES['replica_2']['HOST'], s.DATABASES['replica_2']['TEST']['MIRROR'])",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="a.org",
        DATABASE_REPLICA_URLS="postgres://n@r1:5432/newsroom, postgres://n@r2:5432/newsroom",
    )
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("=>")]
    assert line == (
        "=> ['default', 'replica_1', 'replica_2'] ['replica_1', 'replica_2'] "
        "['newsroom.routers.ReplicaRouter'] r2 default"
    )
    refused = run_manage(
        "check",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="a.org",
        DATABASE_REPLICA_URLS="mysql://n@r1/newsroom",
    )
    assert refused.returncode != 0
    assert "DATABASE_REPLICA_URLS: replica 1 is not a postgres:// URL" in refused.stderr
