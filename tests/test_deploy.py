"""Production settings: Django's deployment checks pass, and a missing secret stops the start.

Each test runs manage.py in a fresh process, because settings are read once at start-up.
"""

import os
import secrets
import subprocess
import sys

from django.conf import settings

# pytest.ini sets these for the test run only; a production process has none of them.
TEST_ONLY_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "STATICFILES_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "EMAIL_URL",
)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key not in TEST_ONLY_VARIABLES}
    # A fixed argument list, no shell.
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deployment_checks_pass_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="casemgmt.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="casemgmt.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr
