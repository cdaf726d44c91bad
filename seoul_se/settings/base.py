"""Settings common to every environment, read from the environment.

The environment's module adds what differs: ``production`` (the default of manage.py, wsgi and
Celery), ``development`` (``make run``) and ``test`` (pytest). Defaults give the embedded setup
(SQLite file, a real Celery worker on kombu's filesystem transport); production sets
DATABASE_URL, CELERY_BROKER_URL/REDIS_URL and SECRET_KEY (see README).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SEOUL_SE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_celery_results",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "seoul_se.accounts",
    "seoul_se.audit",
    "seoul_se.reference",
    "seoul_se.core",
    "seoul_se.notifications",
    "enterprises",
    "programs",
    "districts",
    "funds",
    "kpis",
    "reports",
    "consulting",
    "education",
    "markets",
    "procurement",
    "impact_bonds",
    "opendata",
    "integrity",
    "csp",  # its system checks refuse django-csp 3.x style settings
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "seoul_se.core.middleware.KoreanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Officials, staff, auditors, intermediaries and administrators must pass the second factor.
    "seoul_se.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-auditlog's, with the client address the lock-out uses (TRUSTED_PROXY_COUNT).
    "seoul_se.audit.recording.AuditlogMiddleware",
    # Lets private-file downloads write the personal-data access log (who, from where).
    "seoul_se.audit.middleware.CurrentRequestMiddleware",
    "seoul_se.core.middleware.AuditorReadOnlyMiddleware",
    # Axes must be last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "seoul_se.urls"
WSGI_APPLICATION = "seoul_se.wsgi.application"
ASGI_APPLICATION = "seoul_se.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "seoul_se.core.context_processors.navigation",
            ],
            "builtins": ["seoul_se.core.templatetags.won"],
        },
    }
]

# Widgets render through the project's template engine, so templates/django/forms/ can
# override Django's widget templates (the select is inlined there for speed).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'seoul_se.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the Celery worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # PostgreSQL's JIT compiles a plan once its estimated cost is high: on the integrity rules'
    # GROUP BY queries it spent 5.2 s compiling a 1.3 s query (docs/integrity.md). The portal's
    # queries are short; compiling never pays off.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Redis in production so every gunicorn worker shares cached pages; per-process memory otherwise.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- Users, login, sessions ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "seoul_se.accounts.validators.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Sessions end SESSION_COOKIE_AGE after login (a working day) and when the browser closes.
# Not saved on every request: that write cost every page about 40 % of its time.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: a locked account may try again after 15 minutes
# Failures count per e-mail (lower-cased, any spelling) + client address, so an attacker locks
# out only their own address; past AXES_USERNAME_FAILURE_LIMIT failures from all addresses
# together the e-mail is locked everywhere (caps distributed guessing; 0 turns the cap off).
AXES_LOCKOUT_PARAMETERS = "seoul_se.accounts.lockout.lockout_parameters"
AXES_USERNAME_FAILURE_LIMIT = int(os.environ.get("AXES_USERNAME_FAILURE_LIMIT", "50"))
AXES_USERNAME_CALLABLE = "seoul_se.accounts.lockout.client_username"
AXES_USERNAME_FORM_FIELD = "username"
# Attempts while locked out are not counted: one address cannot push an e-mail to the cap.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "seoul_se.accounts.lockout.lockout_response"
# Behind the TLS proxy every request comes from the proxy's address. TRUSTED_PROXY_COUNT is
# the number of proxies in front of the web server that append the client to X-Forwarded-For;
# the client is the entry that many places from the right (entries further left can be forged).
# 0 (no proxy) uses the connection's address. Lock-out and DRF's throttles use the same rule.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "seoul_se.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
# django-axes' attempts, failure and access logs are purged nightly past this (minimum 365:
# they answer who tried which account from where); docs/security.md.
LOGIN_RECORD_RETENTION_DAYS = int(os.environ.get("LOGIN_RECORD_RETENTION_DAYS", "730"))

# Second factor (django-otp): TOTP apps and one-time recovery codes.
OTP_TOTP_ISSUER = "서울시 사회적경제 포털"
# API tokens end TOKEN_TTL hours after they are issued (and at logout or a password change).
TOKEN_TTL = float(os.environ.get("TOKEN_TTL", "8"))

# --- I18N ---------------------------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("한국어")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence and generated workbooks are private: never under a public URL; served by
# views that check access.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = "/_private_media_not_served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves the collected, hashed and compressed files (production.py).
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", str(20 * 1024 * 1024)))
# Zip-based uploads (HWPX, DOCX, XLSX; seoul_se.core.uploads.check_archive): zip-bomb limits.
UPLOAD_ZIP_MAX_TOTAL_SIZE = 100 * 1024 * 1024  # uncompressed, all members (nested included)
UPLOAD_ZIP_MAX_MEMBERS = 1000
UPLOAD_ZIP_MAX_RATIO = 100  # per member, as Apache POI's default minimum inflate ratio 0.01
UPLOAD_ZIP_RATIO_FREE_SIZE = 1024 * 1024  # members up to this size are not ratio-checked

# --- E-mail -------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "seoul-se@localhost")
# The portal's public address: links in e-mails are made absolute with it.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Celery -------------------------------------------------------------------------------
# Background jobs (seoul_se.core.jobs, docs/jobs.md). The longest job, a 150,000-row workbook,
# takes a few minutes; a job is cut off after JOB_TIME_LIMIT_SECONDS. A running job beats every
# JOB_HEARTBEAT_SECONDS; one silent for JOB_STALE_AFTER_SECONDS is dead: the sweeper fails it and
# new requests start a new job. Per-job temporary folders live on the private volume, so a
# finished workbook moves into place atomically.
JOB_TIME_LIMIT_SECONDS = int(os.environ.get("JOB_TIME_LIMIT_SECONDS", "1800"))
JOB_HEARTBEAT_SECONDS = 30
JOB_STALE_AFTER_SECONDS = 300
JOB_MAX_ATTEMPTS = 3
JOB_TEMP_ROOT = PRIVATE_MEDIA_ROOT / "tmp" / "jobs"
# Without a broker URL the worker still runs for real, on kombu's filesystem transport.
CELERY_BROKER_URL = (
    os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or "filesystem://"
)
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_queue_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        # Exchange tables; kombu's default is "control" in the working directory.
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # With acks_late an unacknowledged message (its worker was killed) is delivered again
        # only after this. Longer than the longest job, so a live job's message is not handed to
        # a second worker; a dead job is failed by the sweeper long before (JOB_STALE_AFTER).
        "visibility_timeout": JOB_TIME_LIMIT_SECONDS + 600,
        # A down or unreachable broker fails a publish in seconds, not minutes.
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "django-db")
CELERY_RESULT_EXTENDED = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "seoul_se")
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-job leaves the message for a retry
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs (django-celery-beat copies these into its database schedule at start).
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "core-sweep-stale-jobs": {
        "task": "core.sweep_stale_jobs",
        "schedule": 60.0,
    },
    "integrity-nightly-check": {
        "task": "integrity.nightly_check",
        "schedule": crontab(hour=2, minute=30),
    },
    "kpis-nightly-recompute": {
        "task": "kpis.recompute_current_year",
        "schedule": crontab(hour=2, minute=0),
    },
    "programs-supplement-reminders": {
        "task": "programs.send_supplement_reminders",
        "schedule": crontab(hour=9, minute=10),
    },
    "funds-monitoring-reminders": {
        "task": "funds.send_monitoring_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "audit-purge-access-logs": {
        "task": "audit.purge_access_logs",
        "schedule": crontab(hour=3, minute=30),
    },
    "accounts-purge-login-records": {
        "task": "accounts.purge_login_records",
        "schedule": crontab(hour=3, minute=40),
    },
}

# --- API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so an unauthenticated API call answers 401 with WWW-Authenticate.
        "seoul_se.core.authentication.AuditedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["seoul_se.access.AuthenticatedPermission"],
    "DEFAULT_PAGINATION_CLASS": "seoul_se.core.api.StandardPagination",
    # DRF's own parsers plus one check: text with control characters is refused (400).
    "DEFAULT_PARSER_CLASSES": [
        "seoul_se.core.parsers.JSONParser",
        "seoul_se.core.parsers.FormParser",
        "seoul_se.core.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "seoul_se.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "anon": "60/min",
        "auth_token": os.environ.get("TOKEN_THROTTLE_RATE", "10/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "seoul_se API",
    "DESCRIPTION": "서울시 사회적경제 사업관리 포털 API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema and its viewers list every endpoint: signed-in users only.
    "SERVE_PERMISSIONS": ["seoul_se.access.AuthenticatedPermission"],
}

# --- Audit --------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False  # each app registers its domain models explicitly
AUDITLOG_DISABLE_REMOTE_ADDR = False
# Personal-data access log (개인정보 접속기록, docs/audit.md): kept at least two years (the
# database refuses to delete younger rows); the monthly review flags bulk and night access.
ACCESS_LOG_RETENTION_YEARS = int(os.environ.get("ACCESS_LOG_RETENTION_YEARS", "2"))
ACCESS_LOG_BULK_RECORDS = int(os.environ.get("ACCESS_LOG_BULK_RECORDS", "1000"))
ACCESS_LOG_NIGHT_START_HOUR = int(os.environ.get("ACCESS_LOG_NIGHT_START_HOUR", "22"))
ACCESS_LOG_NIGHT_END_HOUR = int(os.environ.get("ACCESS_LOG_NIGHT_END_HOUR", "6"))

# --- Security ------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4.x format): only the portal's own files run or style a
# page; no inline script, no inline style, no event-handler attributes. The API documentation
# pages relax style-src for themselves (seoul_se/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SILENCED_SYSTEM_CHECKS: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

CSRF_FAILURE_VIEW = "seoul_se.core.views.csrf_failure"
