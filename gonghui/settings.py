"""One settings module for every environment, read from the environment.

A bad value fails loudly at start-up rather than half-working.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"environment variable {name} is required")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


DEBUG = env_bool("DEBUG", False)
# Set by the suite's settings (tests/settings.py): its fast hasher, in-process tasks, own cache.
TESTING = env_bool("GONGHUI_TESTING", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key" if DEBUG or TESTING else None)
# Required in production: which host names this server answers to.
ALLOWED_HOSTS = [
    h for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG or TESTING else None).split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in env_str("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_NAME = env_str("SITE_NAME", "工会工作平台")
VAR_DIR = Path(env_str("GONGHUI_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    # First: its ready() sets Chinese defaults that forms read when they are defined.
    "gonghui.web",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "ninja",
    "django_tasks_db",
    "gonghui.jobs",
    "gonghui.org",
    "gonghui.accounts",
    "gonghui.audit",
    "gonghui.excel",
    "gonghui.roster",
    "gonghui.api",
    "gonghui.notify",
    "gonghui.cases",
    "gonghui.appeals",
    "gonghui.news",
    "gonghui.ballots",
    "gonghui.figures",
    "gonghui.congress",
    "gonghui.supervision",
    "gonghui.disclosure",
    "gonghui.events",
    "gonghui.activities",
    "gonghui.venues",
    "gonghui.study",
    "gonghui.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gonghui.accounts.middleware.LoginRequiredMiddleware",
    "gonghui.accounts.middleware.PasswordChangeRequiredMiddleware",
    "gonghui.audit.middleware.AuditMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gonghui" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.web.context_processors.shell",
            ],
        },
    },
]

# SQLite is the embedded default; production points DATABASE_URL at PostgreSQL.
_default_db = f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}"
# Connections are kept for a minute and checked before reuse: a database restarted in between
# costs one reconnect, not an error page.
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A select's options (units, people) are read with .iterator(): as server-side cursors that
    # is a DECLARE and a FETCH round trip each, for lists of a few dozen rows.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # No JIT: a page's queries run in milliseconds, and once one is estimated costly enough
    # (the audit log's scope checks, over half a million rows) compiling it took 2.8 s of 2.9.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while the task worker writes; IMMEDIATE takes the
        # write lock at BEGIN so two writers queue instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-64000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME", "") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "gonghui.accounts.backends.EmployeeNumberOrPhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "gonghui.accounts.hashers.InitialPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = 60 * 60 * 12
# Sessions are read on every page: from the cache, written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie: the token is sent in hx-headers

# Failed logins lock the account (employee number and phone alike) and, at a higher count,
# the address: a workshop shares one NAT address (see accounts/lockout.py).
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
# One-time passwords from the union office's 开通通知 expire after this many days.
INITIAL_PASSWORD_DAYS = env_int("INITIAL_PASSWORD_DAYS", 14)
# Reverse proxies in front of gunicorn whose X-Forwarded-For is believed (0: none).
PROXY_COUNT = env_int("PROXY_COUNT", 0)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "gonghui" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# No inline script or style anywhere: every script and stylesheet is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy (nginx with a certificate): cookies only over HTTPS, plain
# HTTP redirected, and HSTS so a browser never falls back. A plain-HTTP intranet install
# leaves it off and accepts the checks that says so (README, “生产部署”).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", BEHIND_TLS_PROXY)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
    # /healthz is asked by the proxy itself over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz"]

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

CASE_ESCALATE_AFTER_HOURS = env_int("CASE_ESCALATE_AFTER_HOURS", 48)
PERIODIC_SECONDS = env_int("PERIODIC_SECONDS", 300)
# A secret ballot needs this many voters before any count is kept or shown: with fewer, the
# sealed votes are destroyed unopened at closing (and fewer eligible cannot open one).
BALLOT_MIN_VOTERS = env_int("BALLOT_MIN_VOTERS", 3)
# A task worker beats this often; one silent for WORKER_STALE_SECONDS is taken for dead: its
# running task goes back to the queue and /healthz answers 503.
HEARTBEAT_SECONDS = env_int("HEARTBEAT_SECONDS", 10)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 60)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5)
# Group robots post only to the WeCom/DingTalk robot hosts, plus these (a relay, say), and
# never to a private address unless it lies in one of these networks (notify/robots.py).
ROBOT_ALLOWED_HOSTS = [h for h in env_str("ROBOT_ALLOWED_HOSTS", "").split(",") if h]
try:
    ROBOT_ALLOWED_NETWORKS = [
        str(ipaddress.ip_network(n.strip(), strict=False))
        for n in env_str("ROBOT_ALLOWED_NETWORKS", "").split(",")
        if n
    ]
except ValueError as exc:
    raise ImproperlyConfigured(f"ROBOT_ALLOWED_NETWORKS: {exc}") from None
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "工会工作平台 <noreply@localhost>")
# Mail goes out through SMTP when a host is configured. Without one, a production install
# sends none (notices stay in the in-app inbox and the group robots); DEBUG prints them.
EMAIL_ENABLED = bool(os.environ.get("EMAIL_HOST")) or DEBUG or TESTING
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.console.EmailBackend"
        if DEBUG and not os.environ.get("EMAIL_HOST")
        else "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            k: v
            for k, v in {
                "host": os.environ.get("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_USER"),
                "password": os.environ.get("EMAIL_PASSWORD"),
                "use_tls": env_bool("EMAIL_TLS", False),
            }.items()
            if os.environ.get("EMAIL_HOST") and v is not None
        },
    }
}

# Shared by every process (gunicorn's workers, the task worker): files under var/, or Redis.
# Per-process memory caches would show each worker its own stale counts (gonghui/cache.py).
CACHES = {
    "default": {
        "BACKEND": "gonghui.core.cache.SharedFileCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
if redis_url := os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ROSTER_MAX_UPLOAD_BYTES = env_int("ROSTER_MAX_UPLOAD_BYTES", 30 * 1024 * 1024)
# An Excel import is refused past these, before its rows are read (excel/reader.py).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 200)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

if TESTING:
    # Each test process has its own cache (and clears it per test): xdist workers sharing one
    # would see each other's counts.
    if not os.environ.get("REDIS_URL"):
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The production hasher costs 1.5M PBKDF2 rounds per login: seconds across a suite.
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "gonghui.accounts.hashers.InitialPasswordHasher",
    ]
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
