"""Settings, read from the environment.

Embedded defaults let the project run with nothing but Python: no `DATABASE_URL`
means a SQLite file under `var/`, no `REDIS_URL` means Celery talks through kombu's
filesystem transport (the worker and beat still run for real). With both set, the
app runs on PostgreSQL and Redis, as CI does.
"""

import os
import secrets
import socket
import time
from pathlib import Path

import dj_database_url
from celery.schedules import crontab, schedule
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SLACENTER_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment; otherwise one generated once per checkout and
    kept in var/ (never a key written in the source)."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files (no CDN)
    "csp",
    "django_htmx",
    "slacenter",
    "tickets",
    "sla",
    "complaints",
    "qa",
    "reports",
    "knowledge",
]

MIDDLEWARE = [
    "slacenter.middleware.BodySizeLimitMiddleware",
    "slacenter.api_errors.ApiJsonErrorsMiddleware",  # errors under /api/ in the API error shape
    "slacenter.inputs.InputValidationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "slacenter.http_headers.ResponsePolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "slacenter.urls"
# Django's form renderer with <select> written in Python (slacenter/forms_renderer.py).
FORM_RENDERER = "slacenter.forms_renderer.FormRenderer"
WSGI_APPLICATION = "slacenter.wsgi.application"
ASGI_APPLICATION = "slacenter.asgi.application"

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
                "tickets.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A persistent connection the server dropped is replaced before a request
        # (or task) uses it, instead of failing it.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web server, worker and beat share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Short OLTP queries: PostgreSQL's JIT compiles for seconds on plans it misjudges as
    # big (a scoped count over a million tickets spent 1.5 s compiling). Off for the app.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Parameters bound by the server, and a statement a connection has run
    # DB_PREPARE_THRESHOLD times is prepared: PostgreSQL plans it once per connection,
    # not on every request (a ticket's scoped detail read: 1.4 ms planning, 0.2 ms
    # running). "off" for a pooler that cannot keep prepared statements.
    _prepare = os.environ.get("DB_PREPARE_THRESHOLD", "5")
    DATABASES["default"]["OPTIONS"].update(
        server_side_binding=True, prepare_threshold=None if _prepare == "off" else int(_prepare),
    )
    # Django's backend with results in the binary format (slacenter/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "slacenter.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth ---------------------------------------------------------------------------
# Django's ModelBackend, the user read with its staff profile (slacenter/authentication.py).
AUTHENTICATION_BACKENDS = ["slacenter.authentication.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# Where each role lands after login (`tickets.views.pages.home`): the first URL name
# that exists wins (an app not installed is skipped), so upper apps are named here,
# in the project, and `tickets` imports none of them.
LANDING_PAGES = {
    "agent": ["tickets:workbench"],
    "team_lead": ["tickets:workbench"],
    "qa_specialist": ["qa:evaluations", "tickets:workbench"],
    "service_manager": ["reports:dashboard", "tickets:workbench"],
    "dept_staff": ["tickets:inbox"],
    "dept_head": ["sla:department_sla", "tickets:inbox"],
    "admin": ["tickets:workbench"],  # the workbench opens on the team queue for center-wide roles
}
LOGOUT_REDIRECT_URL = "login"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
# Attachments live outside any web root and are served only through a scoped view.
MEDIA_ROOT = Path(os.environ.get("ATTACHMENT_ROOT", VAR_DIR / "attachments"))
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `collectstatic` (run by `make run`) also writes .gz copies; WhiteNoise serves them.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Request size limits ---------------------------------------------------------------
# Non-file request bodies above DATA_UPLOAD_MAX_MEMORY_SIZE are refused with 413 by
# slacenter.middleware before Django reads them; multipart uploads may carry one
# attachment up to ATTACHMENT_MAX_BYTES.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
ATTACHMENT_ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
}

# --- E-mail -------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "slacenter@localhost")
# Complaint messages to customers: e-mail goes through the mail backend above; SMS and
# WeChat through a sender class (dotted path) whose default writes to the log.
COMPLAINTS_SMS_SENDER = os.environ.get("COMPLAINTS_SMS_SENDER", "complaints.senders.LogSender")
COMPLAINTS_WECHAT_SENDER = os.environ.get("COMPLAINTS_WECHAT_SENDER", "complaints.senders.LogSender")
# The public origin of the customer's tracking links in messages (e.g. https://kf.example.com).
COMPLAINTS_PUBLIC_URL = os.environ.get("COMPLAINTS_PUBLIC_URL", "http://127.0.0.1:8000")
# A complaint closes only with its root-cause finding (root cause, responsible department).
COMPLAINTS_ROOT_CAUSE_REQUIRED = os.environ.get("COMPLAINTS_ROOT_CAUSE_REQUIRED", "1") not in ("0", "false", "False")

# --- REST API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "slacenter.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "slacenter.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "slacenter.filtering.ScopedFilterBackend",  # an unknown id filters like an out-of-scope one
        "slacenter.api.StrictOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "slacenter.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "slacenter.api.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "slacenter API",
    "DESCRIPTION": "Tickets, internal SLAs, complaints, QA and reports of the service center.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's static files: /api/docs/ works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation lists the error statuses it can answer, each with the Error shape.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "slacenter.api_schema.add_error_responses",
    ],
    # Several models share field names such as "status"; name their enums explicitly.
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "tickets.models.TicketStatus",
        "TicketKindEnum": "tickets.models.TicketKind",
        "ChannelEnum": "tickets.models.Channel",
        "TransferStatusEnum": "tickets.models.TransferStatus",
        "DepartmentKindEnum": "tickets.models.Department.Kind",
        "AgreementStatusEnum": "sla.models.agreements.AgreementStatus",
        "AgreementMetricEnum": "sla.models.agreements.IndicatorMetric",
        "PartyEnum": "sla.models.agreements.Party",
        "PolicyMetricEnum": "sla.models.policies.ClockMetric",
        "ClockStateEnum": "sla.models.clocks.ClockState",
        "CalendarOverrideKindEnum": "sla.models.calendars.CalendarOverride.Kind",
        "ContactKindEnum": "tickets.models.contacts.ContactKind",
        "ContactChannelEnum": "tickets.models.contacts.ContactChannel",
        "EvaluationStatusEnum": "qa.models.evaluations.EvaluationStatus",
        "CalibrationStatusEnum": "qa.models.calibration.CalibrationSession.Status",
        "CalibrationStandardEnum": "qa.models.calibration.CalibrationSession.Standard",
        "PraiseSourceEnum": "qa.models.praise.Praise.Source",
        "RemedyKindEnum": "complaints.models.RemedyKind",
        "RemedyStatusEnum": "complaints.models.RemedyStatus",
        "ComplaintStageEnum": "complaints.models.ComplaintStage",
        "ApprovalStatusEnum": "complaints.models.ApprovalStatus",
        "CallbackStatusEnum": "complaints.models.CallbackStatus",
        "ArticleStatusEnum": "knowledge.models.ArticleStatus",
    },
}

# --- Celery ------------------------------------------------------------------------
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    _broker_dir = VAR_DIR / "celery-broker"
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# Faults (a worker killed, a broker restarted): tasks marked `acks_late` (every SLA
# task: each is idempotent) are acknowledged only when they finish, and re-queued if
# their worker dies; a worker holds one message at a time, so a killed worker
# strands none it had not started. The visibility timeout is how long Redis waits
# for an unacknowledged message before another worker gets it — longer than any
# task runs (the recompute works through a request in leased batches). What must
# happen is in the database anyway (escalation actions, recompute requests: beat
# re-drives them), so a message is a prompt, never the only record.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
BROKER_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "900"))
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": BROKER_VISIBILITY_TIMEOUT}
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# One queue name per installation; tests give their real worker and beat a queue of
# their own so they never meet another process on a shared Redis.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
# How often beat writes the heartbeat /healthz reads (tests shorten it). Each beat
# process names itself in its heartbeats, so /healthz can tell two beats apart.
HEARTBEAT_SECONDS = float(os.environ.get("HEARTBEAT_SECONDS", "30"))
BEAT_INSTANCE = f"{socket.gethostname()}:{os.getpid()}:{int(time.time())}"
# Periodic tasks. Each one is idempotent: a missed or doubled tick changes nothing.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "slacenter.tasks.heartbeat", "schedule": schedule(HEARTBEAT_SECONDS),
                  "kwargs": {"beat": BEAT_INSTANCE}},
    "sla-sweep": {"task": "sla.sweep", "schedule": schedule(float(os.environ.get("SLA_SWEEP_SECONDS", "60")))},
    # Durable follow-up work: pending escalation actions and clock recompute requests.
    "sla-escalation-actions": {"task": "sla.escalation_actions_redrive",
                               "schedule": schedule(float(os.environ.get("SLA_REDRIVE_SECONDS", "60")))},
    "sla-recompute-requests": {"task": "sla.recompute_requests_redrive",
                               "schedule": schedule(float(os.environ.get("SLA_REDRIVE_SECONDS", "60")))},
    "notifications-dispatch": {"task": "sla.notifications_dispatch", "schedule": schedule(60.0)},
    # Agreements whose period ended yesterday expire a little after local midnight.
    "agreements-expire": {"task": "sla.agreement_tasks.expire_agreements", "schedule": crontab(hour=0, minute=5)},
    # The monthly close of last month, on the 1st at 02:00 local time (CELERY_TIMEZONE).
    "reports-monthly-close": {"task": "reports.close_previous_month",
                              "schedule": crontab(day_of_month=1, hour=2, minute=0)},
    # Month-to-date figures of the dashboards, precomputed into the cache.
    "reports-dashboards-refresh": {"task": "reports.dashboards_refresh", "schedule": crontab(minute="*/5")},
    # QA: last month's performance and this month's exempt stars on the 1st at 01:00;
    # evaluations past their dispute window become final every night.
    "qa-month-start": {"task": "qa.month_start", "schedule": crontab(day_of_month=1, hour=1, minute=0)},
    "qa-evaluations-expire": {"task": "qa.evaluations_expire", "schedule": crontab(hour=0, minute=20)},
    # Complaint messages (acknowledgements, replies) whose last try failed, retried when due.
    "complaints-retry-messages": {"task": "complaints.retry_messages", "schedule": schedule(60.0)},
    # Batch early warning: one alert per rule, value and 5-minute window however often it runs.
    "complaints-early-warning": {"task": "complaints.early_warning_detect", "schedule": crontab(minute="*/5")},
    "complaints-findings-lapse": {"task": "complaints.findings_lapse", "schedule": crontab(minute=15)},
    "complaints-improvements-escalate": {"task": "complaints.improvements_escalate", "schedule": crontab(minute=25)},
}
# Days after a month's end during which a violation may be appealed.
REPORTS_APPEAL_DAYS = int(os.environ.get("REPORTS_APPEAL_DAYS", "10"))
# Where finished exports are kept for download (outside any web root).
REPORTS_EXPORT_ROOT = Path(os.environ.get("REPORTS_EXPORT_ROOT", VAR_DIR / "exports"))

# --- Security headers ----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# HTTPS posture (README "Deploying"). `HTTPS=1` when the site is served over TLS,
# usually by a proxy that terminates it and sets X-Forwarded-Proto: redirects plain
# HTTP, secure cookies, HSTS. Off by default so the plain-HTTP demo (`make run`) works.
HTTPS = env_bool("HTTPS")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe it over plain HTTP
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Trust X-Forwarded-Proto only behind a proxy that sets it (and strips it from clients).
if _proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO" if HTTPS else ""):
    SECURE_PROXY_SSL_HEADER = (_proxy_header, "https")

# Content-Security-Policy (django-csp): scripts and styles only from our own static
# files, no inline script, no eval; nothing from another origin (no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the app never uses are switched off (slacenter.http_headers).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
