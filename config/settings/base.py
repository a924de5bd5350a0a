"""Settings shared by every environment. Environment-specific files import from here."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("FAZHI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)  # the embedded database and attachments live here

SECRET_KEY = "insecure-development-key-do-not-use-in-production"
DEBUG = False
ALLOWED_HOSTS: list[str] = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves Swagger UI assets locally instead of from a CDN
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "django_htmx",
    "fazhi.core",
    "fazhi.orgs",
    "fazhi.audit",
    "fazhi.securitypolicy",
    "fazhi.publicity",
    "fazhi.decisions",
    "fazhi.enforcement",
    "fazhi.petitions",
    "fazhi.tickets",
    "fazhi.disputes",
    "fazhi.legalservice",
    "fazhi.oversight",
    "fazhi.duties",
    "fazhi.deadlines",
    "fazhi.demo",
    "fazhi.reportcheck",
    "fazhi.metrics",
    "fazhi.reports",
    "fazhi.district",
    "fazhi.web",
    "fazhi.public",
    "fazhi.imports",
    "fazhi.backup",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "fazhi.web.middleware.NoStoreMiddleware",
    "fazhi.web.middleware.DatabaseBusyMiddleware",
    "fazhi.web.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fazhi.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "fazhi.web.middleware.SessionLifetimeMiddleware",
    "fazhi.web.middleware.LoginRequiredMiddleware",
    "fazhi.orgs.twofactor.TwoFactorRequiredMiddleware",
    "fazhi.orgs.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Scripts only from our own static files (no inline script, no CDN); inline style attributes are kept
# for progress bars and widths, which carry no script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "fazhi.web.errors.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.web.context.navigation",
            ],
        },
    },
]


def database_from_url(url: str) -> dict:
    """One database from a URL; SQLite gets WAL, IMMEDIATE transactions and a busy timeout."""
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at BEGIN so that
            # two writers queue on the busy timeout instead of failing with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}")),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Length and reuse depth come from the security settings (fazhi.securitypolicy), these as defaults.
    {"NAME": "fazhi.orgs.passwords.MinimumLengthValidator"},
    {"NAME": "fazhi.orgs.passwords.CharacterClassValidator"},
    {"NAME": "fazhi.orgs.passwords.NoUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "fazhi.orgs.passwords.PasswordHistoryValidator"},
]
FAZHI_PASSWORD_MIN_LENGTH = env_int("FAZHI_PASSWORD_MIN_LENGTH", 8)
FAZHI_PASSWORD_HISTORY = env_int("FAZHI_PASSWORD_HISTORY", 5)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions end after 30 minutes: the expiry moves forward with every request. The security settings
# page can change this and the other defaults below (fazhi.securitypolicy); the session store reads it.
SESSION_ENGINE = "fazhi.securitypolicy.sessions"
SESSION_COOKIE_AGE = env_int("FAZHI_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# However active, a session ends this many hours after sign-in.
FAZHI_SESSION_MAX_HOURS = env_int("FAZHI_SESSION_MAX_HOURS", 12)
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# Cache and import progress are shared by every app server and the worker, on one machine or several:
# in the database (tables created by `migrate`), or in Redis when REDIS_URL is set. Progress is read by
# the job page while the import's transaction is still open, so the cache tables are reached through
# their own connection (alias "cache", config/routers.py): on PostgreSQL the same database, on SQLite
# a file of its own beside the database, so that a progress write never waits for the import's write lock.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "progress": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "progress",
            "TIMEOUT": 24 * 3600,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "fazhi_cache"},
        "progress": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "fazhi_progress",
            "TIMEOUT": 24 * 3600,
        },
    }
DATABASES["cache"] = (
    database_from_url(f"sqlite:///{VAR_DIR / 'cache.sqlite3'}")
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    else {**DATABASES["default"]}
)
DATABASE_ROUTERS = ["config.routers.CacheRouter"]

# History is read per record (by its id index) and sorted there; an index on history_date would only be
# written, once per history row.
SIMPLE_HISTORY_DATE_INDEX = False

FAZHI_LOCKOUT_FAILURES = env_int("FAZHI_LOCKOUT_FAILURES", 5)
FAZHI_LOCKOUT_MINUTES = env_int("FAZHI_LOCKOUT_MINUTES", 30)
AXES_FAILURE_LIMIT = "fazhi.securitypolicy.policy.failure_limit"
# Failures from one address, whatever the accounts, before the address itself is locked (a township
# office signs in through one proxy address, hence well above the per-account limit).
FAZHI_LOCKOUT_IP_FAILURES = env_int("FAZHI_LOCKOUT_IP_FAILURES", 20)
AXES_FAILURE_WINDOW = timedelta(minutes=env_int("FAZHI_LOCKOUT_WINDOW_MINUTES", 15))
AXES_COOLOFF_TIME = "fazhi.securitypolicy.policy.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_HANDLER = "fazhi.orgs.lockout.WindowedLockoutHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["fazhi.web.formats"]
FILTERS_EMPTY_CHOICE_LABEL = "全部"  # list filters: an empty choice reads 全部, not "---------"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"

# Attachments and report-check files go through Django's default storage: the file system under
# FAZHI_VAR_DIR by default (a shared mount when there are several app servers), or an S3-compatible
# object store (django-storages, `pip install '.[s3]'`) when FAZHI_S3_BUCKET is set.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if os.environ.get("FAZHI_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["FAZHI_S3_BUCKET"],
            "endpoint_url": os.environ.get("FAZHI_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("FAZHI_S3_REGION") or None,
            "access_key": os.environ.get("FAZHI_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("FAZHI_S3_SECRET_KEY") or None,
            "location": os.environ.get("FAZHI_S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,  # never public links: files are served by the scoped views
            "file_overwrite": False,
        },
    }
MEDIA_ROOT = Path(os.environ.get("FAZHI_MEDIA_ROOT") or VAR_DIR / "media")
# Attachments and stored imports hold personal data: files 0600, folders 0700.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
MEDIA_URL = "/media/"  # never served directly: attachments go through a scoped view

# Django refuses more files with an English 400 before any view runs; the report check refuses
# more than its 100 with a Chinese message, so the framework's limit sits well above that.
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
FAZHI_ATTACHMENT_MAX_BYTES = env_int("FAZHI_ATTACHMENT_MAX_MB", 50) * 1024 * 1024
# Imports: the largest workbook accepted, checked before parsing; the parse runs in a child process with
# this much address space, so a hostile file cannot exhaust the worker (docs/security.md).
FAZHI_IMPORT_MAX_ROWS = env_int("FAZHI_IMPORT_MAX_ROWS", 100_000)
FAZHI_IMPORT_MAX_COLUMNS = env_int("FAZHI_IMPORT_MAX_COLUMNS", 200)
FAZHI_IMPORT_MAX_UNPACKED_MB = env_int("FAZHI_IMPORT_MAX_UNPACKED_MB", 300)
FAZHI_IMPORT_MAX_ERRORS = env_int("FAZHI_IMPORT_MAX_ERRORS", 1000)
FAZHI_IMPORT_ISOLATED = env_bool("FAZHI_IMPORT_ISOLATED", True)
FAZHI_IMPORT_MEMORY_MB = env_int("FAZHI_IMPORT_MEMORY_MB", 3072)
FAZHI_IMPORT_PARSE_SECONDS = env_int("FAZHI_IMPORT_PARSE_SECONDS", 300)
# A job running longer is stopped by `manage.py worker`; uploaded files are emptied after this many days.
FAZHI_IMPORT_JOB_SECONDS = env_int("FAZHI_IMPORT_JOB_SECONDS", 1800)
FAZHI_IMPORT_KEEP_DAYS = env_int("FAZHI_IMPORT_KEEP_DAYS", 30)
# A report check (a batch, pasted text, a draft) unfinished this long after it was queued is failed.
FAZHI_CHECK_JOB_SECONDS = env_int("FAZHI_CHECK_JOB_SECONDS", 1800)

# Personal data encrypted field by field (fazhi/core/crypto.py, docs/security.md). Keys come from the
# environment ("id:base64,..." with the current key first, and the blind-index key) or else the key file
# (0600), which development creates on first use; production refuses to start without one.
FAZHI_CIPHER = os.environ.get("FAZHI_CIPHER", "aes-gcm")  # or "sm4-gcm" (GB/T 32907)
FAZHI_DATA_KEY = os.environ.get("FAZHI_DATA_KEY", "")
FAZHI_INDEX_KEY = os.environ.get("FAZHI_INDEX_KEY", "")
FAZHI_KEY_FILE = os.environ.get("FAZHI_KEY_FILE", str(VAR_DIR / "keys" / "data-keys.json"))
FAZHI_KEY_AUTOCREATE = True

FAZHI_ATTACHMENT_EXTENSIONS = [
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "wps",
    "et",
    "txt",
    "mp3",
    "m4a",
    "wav",
    "amr",
    "mp4",
    "mov",
    "avi",
    "zip",
    "ofd",
]


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Lockout counts (username, address) pairs and addresses (fazhi.orgs.lockout): nobody elsewhere can
# lock an account out, and rotating usernames from one address is slowed.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# The issuer shown in authenticator apps next to the account name.
OTP_TOTP_ISSUER = "法治政府建设工作平台"

# API tokens expire; a changed password revokes them all.
FAZHI_TOKEN_DAYS = env_int("FAZHI_TOKEN_DAYS", 90)

# 网络安全法 art. 21: network logs are kept at least six months. A shorter setting is refused.
FAZHI_AUDIT_RETENTION_DAYS = env_int("FAZHI_AUDIT_RETENTION_DAYS", 365)
if FAZHI_AUDIT_RETENTION_DAYS < 183:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("FAZHI_AUDIT_RETENTION_DAYS 不能少于183天（网络日志至少保存六个月）")

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated). Requests
# from anywhere else are logged with their own address, whatever header they send.
FAZHI_TRUSTED_PROXIES = env_list("FAZHI_TRUSTED_PROXIES")

# Background work (long imports): django-tasks with its database backend; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
