"""All configuration, read from the environment in this one place (see README: Configuration)."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from syncplan.env import database_config, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SYNCPLAN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set SECRET_KEY, or SECRET_KEY_FILE, "
            "or DEBUG=true for local development)"
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    # The kernel first, then the domain apps that build on it.
    "core",
    "connections",
    "planner",
]

MIDDLEWARE = [
    # Answers /healthz before host validation and the HTTPS redirect (container healthchecks).
    "planner.middleware.HealthCheckMiddleware",
    "planner.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body (CSRF reads POST): a clear 413 instead of a 400 or a 500.
    "planner.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.access.PlanMembershipMiddleware",
    # Asks before the first edit withdraws a plan's submission (needs the membership above).
    "planner.review.guard.EditAnywayMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Tells an htmx page that its edit changed plan content (the findings line refreshes).
    "planner.validation.live.LiveFindingsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns a locked-out login attempt into the lockout page; axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

# The kernel (core/) names the plan domain's models only through these, as Django names
# AUTH_USER_MODEL: the write boundary bumps the plan's revision, the role table reads memberships.
PLAN_MODEL = "planner.Plan"
PLAN_MEMBERSHIP_MODEL = "planner.Membership"

ROOT_URLCONF = "syncplan.urls"
WSGI_APPLICATION = "syncplan.wsgi.application"

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
            # {% partialdef %} everywhere without {% load %}, as in Django 6 where it is built in.
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

if not env_str("DATABASE_URL"):
    # The embedded default: an SQLite file in the var directory, created on first use.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": database_config(env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'syncplan.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins are counted per username and client address (django-axes); after
# LOGIN_FAILURE_LIMIT failures that pair is locked out for LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "planner.auth.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "planner.auth.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Behind the documented TLS proxy every request comes from the proxy's address, so the client
# address is read from X-Forwarded-For, trusting only the last TRUSTED_PROXY_COUNT hops (each
# proxy appends the address it saw). 0 = clients connect directly and the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
AXES_CLIENT_IP_CALLABLE = "planner.auth.client_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "planner:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
# Hashed, compressed static files need `collectstatic`; production images run it.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)

# Job results (export files) go through the storage API: a shared volume by default, or any
# Django storage backend (e.g. django-storages' S3 backend) named by FILE_STORAGE_BACKEND.
STORAGES = {
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without collected, hashed files (development, tests) WhiteNoise serves from the finders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Uploads (schema files, plan documents) share one size limit; RequestSizeLimitMiddleware
# refuses larger request bodies with a 413 page before anything reads them.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES

EXPORT_RETENTION_HOURS = env_int("EXPORT_RETENTION_HOURS", 24)
# A previewed upload (schema import) waits this long for its apply, in storage, not the session.
UPLOAD_PREVIEW_HOURS = env_int("UPLOAD_PREVIEW_HOURS", 2)

# Celery: without a broker, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 540)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Job logs go through LOGGING (JSON lines), not Celery's own root-logger setup.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_TASK_TRACK_STARTED = True
# Publishing must not hang a request when the broker is down.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Job liveness (core.jobs): a running job's heartbeat is refreshed every
# JOB_HEARTBEAT_SECONDS; a job silent for JOB_STALE_SECONDS may be taken over by a redelivered
# task (its worker died) and shows "worker lost, retrying"; the reaper (every
# JOB_REAP_INTERVAL_SECONDS) queues again a job silent for JOB_REAP_AFTER_SECONDS, at most
# JOB_WORKER_LOST_RETRIES times, then fails it, and fails jobs no worker picked up within
# JOB_QUEUED_MAX_SECONDS. A task whose pool process is lost is retried as often by Celery.
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 10)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 30)
JOB_REAP_AFTER_SECONDS = env_int("JOB_REAP_AFTER_SECONDS", 45)
JOB_REAP_INTERVAL_SECONDS = env_int("JOB_REAP_INTERVAL_SECONDS", 15)
JOB_QUEUED_MAX_SECONDS = env_int("JOB_QUEUED_MAX_SECONDS", 3600)
JOB_WORKER_LOST_RETRIES = env_int("JOB_WORKER_LOST_RETRIES", 2)
if not JOB_HEARTBEAT_SECONDS < JOB_STALE_SECONDS < JOB_REAP_AFTER_SECONDS:
    raise ImproperlyConfigured(
        "JOB_HEARTBEAT_SECONDS < JOB_STALE_SECONDS < JOB_REAP_AFTER_SECONDS must hold"
    )
# Redis redelivers an unacknowledged message after the visibility timeout. It must outlast the
# longest run plus a retry countdown (a held retry is unacknowledged too), or a running job would
# be delivered twice; any longer only delays the redelivery after a whole worker is lost (the
# reaper queues such a job again much sooner).
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = env_int(
    "CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + JOB_STALE_SECONDS + 60
)
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_TASK_TIME_LIMIT + (
    JOB_STALE_SECONDS + 1
):
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT + JOB_STALE_SECONDS + 1"
    )
# Fair queues: validation has its own queue (and, in docker-compose.yml, its own worker), so a
# quick validation never waits behind exports; everything else uses the default queue. A worker
# started without -Q consumes both. Each user and each plan may have only so many jobs queued
# or running at once.
CELERY_TASK_DEFAULT_QUEUE = "celery"
JOB_VALIDATION_QUEUE = "validation"
CELERY_TASK_QUEUES = {CELERY_TASK_DEFAULT_QUEUE: {}, JOB_VALIDATION_QUEUE: {}}
JOB_MAX_ACTIVE_PER_USER = env_int("JOB_MAX_ACTIVE_PER_USER", 3)
JOB_MAX_ACTIVE_PER_PLAN = env_int("JOB_MAX_ACTIVE_PER_PLAN", 5)
# A rehearsal whose sample sets hold more items than this is split into parts of this many
# items that several workers share (planner/rehearsal/services.py); 10,000 items in one process
# peaked near 430 MB with their details (docs/rehearsal.md).
REHEARSAL_CHUNK_ITEMS = env_int("REHEARSAL_CHUNK_ITEMS", 5000)
if REHEARSAL_CHUNK_ITEMS < 1:
    raise ImproperlyConfigured("REHEARSAL_CHUNK_ITEMS must be 1 or more")
# Live findings: each content change re-arms one automatic validation per plan, run this many
# milliseconds after the last edit (planner/validation/live.py). Off, or in the in-process mode
# (no broker), the pages say the findings are from an older revision and offer Validate.
LIVE_VALIDATION = env_bool("LIVE_VALIDATION", True)
LIVE_VALIDATION_DEBOUNCE_MS = env_int("LIVE_VALIDATION_DEBOUNCE_MS", 300)
CELERY_BEAT_SCHEDULE = {
    "expiry-reminders": {"task": "planner.tasks.send_expiry_reminders", "schedule": 24 * 3600},
    "reap-stale-jobs": {
        "task": "planner.tasks.reap_stale_jobs",
        "schedule": JOB_REAP_INTERVAL_SECONDS,
    },
    "purge-expired-exports": {"task": "planner.tasks.purge_expired_exports", "schedule": 3600},
    # Emails whose commit-time task was lost (broker down) or whose sending failed.
    "send-pending-emails": {"task": "planner.tasks.send_pending_emails", "schedule": 60},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "syncplan@localhost")

# Security defaults; the HTTPS ones apply outside DEBUG (behind a TLS-terminating proxy).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS_ONLY=false serves plain HTTP without DEBUG (the test suite's live server does).
HTTPS_ONLY = env_bool("HTTPS_ONLY", not DEBUG)
if HTTPS_ONLY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits a public domain to HTTPS in every browser; intranet hosts cannot
        # opt in, so its absence is a choice, not an oversight.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content Security Policy: scripts and styles only from our own files (no inline code, no
# eval; htmx is configured through its meta tag), no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# One JSON object per line on stdout (request and job logs carry their fields as keys);
# LOG_FORMAT=plain for reading by eye during development.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "planner.logs.JsonFormatter"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # RequestLogMiddleware writes one line per request; Django's own would repeat it.
        "django.server": {"level": "WARNING"},
        # Its start-up banner would land in the output of every management command.
        "axes.apps": {"level": "WARNING"},
    },
}
