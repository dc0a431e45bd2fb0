"""The one settings module of lianggang, configured by environment variables.

DATABASE_URL   default sqlite:///<project>/var/lianggang.sqlite3
SECRET_KEY     required to serve; else var/secret_key, which only `lianggang demo` writes (local use)
DEBUG          off unless set (the demo turns it on)
ALLOWED_HOSTS  comma-separated; default localhost names
LIANGGANG_VAR  where local state lives (default <project>/var)
"""
from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from lianggang.lib.env import env_bool, env_int, env_list, env_str, secret_key, var_dir

# Importing this module reads the environment and writes nothing: the secret key file is
# made by `lianggang demo`, the static directory by collectstatic (`lianggang serve`).
PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = var_dir()

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "lianggang.regions",
    "lianggang.plans",
    "lianggang.accounts",
    "lianggang.audit",
    "django_tasks",
    "django_tasks_db",
    "lianggang.jobs",
    "lianggang.notify",
    "lianggang.monitoring",
    "lianggang.committee",
    "lianggang.evaluation",
    "lianggang.reports",
    "lianggang.demo",
    "lianggang.web",
    "lianggang.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lianggang.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",   # the app serves its own assets (intranets: no CDN)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lianggang.web.middleware.LoginNeededMiddleware",
    "lianggang.web.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "lianggang.urls"
WSGI_APPLICATION = "lianggang.wsgi.application"

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
                "django.template.context_processors.i18n",
                "lianggang.notify.context.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lianggang.sqlite3'}"),
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The embedded database serves a small office's concurrent users: WAL lets readers go on while one
# writer writes; every transaction takes the write lock at its start (IMMEDIATE), so two writers queue
# instead of deadlocking into "database is locked"; a writer waits up to SQLITE_BUSY_TIMEOUT seconds
# for the lock. What still times out is answered 409 "try again" (web.middleware), never 500.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })

# Assessments and rendered result tables are cached in the database, so every server
# worker (and every application server of a larger deployment) shares them without
# another service to run. The table is created by a migration (evaluation 0001).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lianggang_cache",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"   # collectstatic fills it (serve); whitenoise warns while it is missing
# Attachments (committee/attachments.py): never served from here directly, only by the download view.
MEDIA_ROOT = VAR_DIR / "media"
LIANGGANG_ATTACHMENT_MAX_MB = env_int("LIANGGANG_ATTACHMENT_MAX_MB", 20, minimum=1)
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Plan documents can be large; an upload above this is refused with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Passwords: argon2 first; older hashes still verify and are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Sessions and CSRF: cookies never readable by scripts, sent over HTTPS only outside DEBUG.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60          # one working day
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)   # usually the intranet proxy does TLS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Login throttling (lianggang.accounts.throttle), on the site's and the admin's login: this many
# failures per account within the window locks that account until the window has passed.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 900, minimum=1)
# Per address (all accounts tried from it): higher, so one office behind one address is not locked out.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
# Behind a reverse proxy: the header it writes with the client's address (X-Real-IP, X-Forwarded-For).
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # JSON numbers read exactly; NaN, Infinity and deep nesting refused with 400 (lianggang/api/parsers.py)
    "DEFAULT_PARSER_CLASSES": ["lianggang.api.parsers.StrictJSONParser",
                               "rest_framework.parsers.FormParser", "rest_framework.parsers.MultiPartParser"],   # each view asks accounts.permissions
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 200,
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "1200/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "lianggang API",
    "DESCRIPTION": "两纲监测评估系统 JSON API: plans, targets, indicators, values, assessments, warnings.",
    "VERSION": "1",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Background jobs (lianggang.jobs, docs/jobs.md): Django's tasks framework (the django-tasks
# backport until Django 6) with its database backend — the queue is a table of this database, so a
# small office runs no other server. `lianggang serve` and the demo start a worker process;
# `lianggang worker` runs one alone. The suite runs jobs in-process (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOB_RESULT_DAYS = env_int("JOB_RESULT_DAYS", 7, minimum=1)          # finished jobs and their files are kept this long
REMIND_HOUR = env_int("REMIND_HOUR", 8, minimum=0, maximum=23)                 # the daily reminders run at or after this hour
REMIND_DAYS_BEFORE = env_int("REMIND_DAYS_BEFORE", 3, minimum=1)   # 截止前 N 天提醒

# E-mail: notifications are also mailed when EMAIL_HOST is set (Django's SMTP settings; no other service).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "lianggang@localhost")
SITE_URL = env_str("SITE_URL", "")       # links in e-mails (https://lg.example.gov.cn); empty: paths only
