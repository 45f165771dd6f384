"""One settings module, driven by the environment (see .env.example for every variable).

With nothing set it runs against the local PostgreSQL and Redis that scripts/setup.sh starts;
production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and EMAIL_URL.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; the real environment wins

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=True for local development).")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "casemgmt.admin_site.CaseMgmtAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "casemgmt.apps.CaseMgmtConfig",
    "accounts",
    "clients",
    "cases",
    "assessments",
    "careplans",
    "referrals",
    "discharge",
    "supervision",
    "reminders",
    "import_export",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's session middleware, except that the bell's poll does not extend an idle session.
    "accounts.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.HtmxLoginRedirectMiddleware",
    # Attaches the acting user and URL to every history row written during the request
    # (PGHISTORY_MIDDLEWARE_METHODS: requests that change data; a GET changes none).
    "pghistory.middleware.HistoryMiddleware",
]

# Only requests that change data open a history context: a GET writes nothing, and the context
# costs two queries on every page.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

ROOT_URLCONF = "casemgmt.urls"
WSGI_APPLICATION = "casemgmt.wsgi.application"

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

# The local PostgreSQL that scripts/setup.sh starts; production sets DATABASE_URL. PostgreSQL
# only: history triggers, trigram search and partial indexes depend on it (DESIGN.md §2).
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default="postgres://postgres:postgres@127.0.0.1:5432/casemgmt"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# No JIT compilation: it pays off for long analytical queries, and a page's queries take
# milliseconds, but on a large table a high row estimate switches it on and compiling then costs
# more than the query (1.8 of 2.2 s of a client search at 200,000 clients, issue 13).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's model backend, loading the session's user with their roles and teams in one query.
AUTHENTICATION_BACKENDS = ["accounts.backends.ScopedModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:caseload"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sensitive records: an idle session ends after SESSION_IDLE_MINUTES (sliding window).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
# The expiry slides at most this often (accounts.middleware.IdleSessionMiddleware), not with
# every request: saving a session costs three queries.
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# How long an emergency ("break the glass") access to a restricted case lasts (DESIGN.md §3).
EMERGENCY_ACCESS_HOURS = env.int("EMERGENCY_ACCESS_HOURS", default=4)


def days_by_name(variable: str, default: dict[str, int]) -> dict[str, int]:
    """A NAME=DAYS,NAME=DAYS variable over its defaults; a name outside them, or days that are
    not a whole number, stops start-up with the variable named."""
    given = env.dict(variable, default={})
    try:
        days = {name: int(value) for name, value in given.items()}
    except ValueError as e:
        raise ImproperlyConfigured(f"{variable}: days must be whole numbers ({e}).") from None
    if default and set(days) - set(default):
        raise ImproperlyConfigured(f"{variable}: unknown names {sorted(set(days) - set(default))}.")
    return default | days


# Reminders (DESIGN.md §5). Days without client contact after which contact is overdue, by acuity.
CONTACT_DUE_DAYS = days_by_name(
    "CONTACT_DUE_DAYS", {"intensive": 7, "high": 14, "moderate": 30, "low": 60}
)
# Supervision (issue 15): the weight of an open case in a case manager's load, by acuity; the
# load is checked against the program's soft and hard caps (accounts.Program) on assignment.
CASELOAD_WEIGHTS = days_by_name(
    "CASELOAD_WEIGHTS", {"intensive": 4, "high": 3, "moderate": 2, "low": 1}
)
# Days a reminder stays unresolved before the team's supervisors are told, per kind, overriding
# each kind's own default (the kinds are known only once the apps load: reminders' system check).
REMINDER_ESCALATE_AFTER_DAYS = days_by_name("REMINDER_ESCALATE_AFTER_DAYS", {})
# Discharge (issue 14): hours after discharge the post-discharge call task falls due, by LACE
# band (high: 10 or more); days to the 30-day check-in; call attempts before retries stop.
DISCHARGE_CALL_HOURS = days_by_name("DISCHARGE_CALL_HOURS", {"high": 24, "moderate": 48, "low": 72})
DISCHARGE_CHECK_IN_DAYS = env.int("DISCHARGE_CHECK_IN_DAYS", default=30)
DISCHARGE_CALL_ATTEMPTS = env.int("DISCHARGE_CALL_ATTEMPTS", default=3)
# Reminder emails say what is due (naming the client) only when this is on: for mail that stays
# inside the agency's protected system. Off, they give the kind, due date, case number and link.
REMINDER_EMAIL_DETAILS = env.bool("REMINDER_EMAIL_DETAILS", default=False)

# pghistory's Events admin page, opened to the admin role (see casemgmt/admin_site.py).
PGHISTORY_ADMIN_CLASS = "casemgmt.admin_site.HistoryEventsAdmin"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Where the site is reached, for links in emails (which are sent outside any request).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="casemgmt <noreply@localhost>")

# Celery: Redis broker; short socket timeouts so a request never hangs on a dead broker.
CELERY_BROKER_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
# No task's return value is read: storing results would only add a second Redis dependency that
# retries (and blocks the caller) while Redis is down.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that enqueues a task must not wait on a dead broker: one immediate attempt,
# then the caller carries on (the database keeps what was to be sent; a sweeper re-sends it).
# Workers reconnect on their own terms (broker_connection_retry).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_REDIS_SOCKET_TIMEOUT = 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Liveness: the worker records a heartbeat row so operators (and tests) see it is consuming.
    "heartbeat": {"task": "accounts.tasks.record_heartbeat", "schedule": 300.0},
    # The reminder scan: what is due goes into the outbox, then out to delivery.
    "scan-reminders": {"task": "reminders.tasks.scan_reminders", "schedule": 300.0},
    # The sweeper: pending reminders whose delivery message was lost are enqueued again.
    "send-due-reminders": {"task": "reminders.tasks.send_due_reminders", "schedule": 120.0},
    # Daily digests: each user's goes out within ten minutes of their chosen hour.
    "collect-digests": {"task": "reminders.tasks.collect_digests", "schedule": 600.0},
}

# Behind a TLS-terminating proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Django's default logging gives "django" a console handler of its own; with the root's, every
    # message printed twice. Its records go to the root alone.
    # WeasyPrint narrates each step of every PDF at INFO; its warnings are what matter.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
