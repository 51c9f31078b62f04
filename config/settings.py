"""Settings for 卡盟退款指南, read from environment variables.

Development mode is asked for, never assumed: `make run` and the tests switch it on
(DJANGO_DEBUG=1, TESTING). Otherwise the site runs as production and refuses
to start unless DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are given.
"""

import os
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.csp import CSP

from config.proxies import client_ip_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Return the environment variable as a boolean ('1', 'true', 'yes', 'on')."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Return a comma-separated environment variable as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or os.environ.get("DJANGO_TESTING") == "1"

# Off unless asked for: an operator who forgets the variable gets production (and the refusal
# below without a secret key), never technical 500 pages and cookies sent over plain HTTP.
# `make run` sets DJANGO_DEBUG=1; the tests get it through TESTING, since pytest-django loads
# these settings before any conftest could set the variable.
DEBUG = env_bool("DJANGO_DEBUG", default=TESTING)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
else:
    # Refuse to run insecurely rather than fall back to a guessable key.
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with the editors' site (config/admin.py) as admin.site.
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "simple_history",
    # axes and django_tasks_db with Chinese names in the admin (config/apps.py).
    "config.apps.AxesConfig",
    # The queue that password-reset mail waits in until `manage.py db_worker` sends it.
    "config.apps.TasksDatabaseConfig",
    "guide",
    "accounts",
    "cases",
    # 这一页有帮助吗？ on guide chapters and wizard stages (no personal data).
    "feedback",
]

MIDDLEWARE = [
    # Outermost, so the policy is on every response: the HTTPS redirect and the static
    # files that WhiteNoise answers before anything below runs.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # HTML compressed by the app (with Django's BREACH padding) unless DJANGO_GZIP=0, for a
    # proxy that compresses itself (config/middleware.py, docs/DEPLOY.md).
    *(["config.middleware.TextGZipMiddleware"] if env_bool("DJANGO_GZIP", default=True) else []),
    # Permissions-Policy and Cross-Origin-Resource-Policy, beside the other policy headers.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "config.middleware.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A visitor's cases live in their session: each visit renews it (cases/session_keepalive.py).
    "cases.session_keepalive.AnonymousCaseSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page (or the stage page) instead of Django's empty 405 (config/middleware.py);
    # inside the header middleware, so what it answers gets their headers.
    "config.middleware.MethodNotAllowedPageMiddleware",
    # A form in another charset than UTF-8 gets the 400 page before anything reads it
    # (config/middleware.py); below the session, user and messages, so the page has them.
    "config.middleware.UnreadableFormMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Keeps what a signed-out buyer typed into a case form (cases/kept_input.py).
    "cases.kept_input.KeptInputMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The house format (cases.wording) in every template: |yuan, |moment, |day.
            "builtins": ["cases.templatetags.wording"],
        },
    },
]

# Django's own widgets render with Jinja2 (config/form_renderer.py says why).
FORM_RENDERER = "config.form_renderer.FastWidgetRenderer"

WSGI_APPLICATION = "config.wsgi.application"

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL.
# Empty counts as unset, like the other variables (`DATABASE_URL= make run`).
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open between requests: opening one runs the PRAGMAs below, and under load that
    # cost more than a cached guide page itself (1,400 req/s against 3,100 with reuse).
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait
        # (busy timeout) instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if TESTING:
        # A test database in a file, not in memory: Django's live server hands every request
        # thread the one in-memory connection, and a page loading several thumbnails at once
        # then broke it (sqlite3.InterfaceError). With a file, each thread opens its own, as
        # in production. One file per test process (each xdist worker is one), so two test
        # runs on one machine never share a database.
        DATABASES["default"]["TEST"] = {
            "NAME": str(
                Path(os.environ.get("TMPDIR", "/tmp")) / f"kameng-test-{os.getpid()}.sqlite3"
            )
        }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Per-process memory is enough: guide pages are keyed by the guide's version (see
# guide/page_cache.py), so no process ever needs to be told that a part changed.
# How stale a public guide page may be on a worker that did not see the edit. Tests
# need every edit at once.
GUIDE_VERSION_RECHECK_SECONDS = 0.0 if TESTING else 1.0
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "guide_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "guide-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    # A fast hasher keeps the suite quick; production keeps Django's default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:list"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: lock a username+IP pair after AXES_FAILURE_LIMIT failures,
# for AXES_COOLOFF_MINUTES. Without a cool-off axes locks forever.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.throttling.axes_username"
AXES_VERBOSE = False


def _proxy_count(name: str) -> int:
    """Return how many reverse proxies stand in front of the app; refuse to start on a bad one."""
    raw = os.environ.get(name, "0").strip() or "0"
    if not raw.isascii() or not raw.isdigit() or int(raw) > 10:
        raise ImproperlyConfigured(f"{name} must be a whole number of proxies (0–10), not {raw!r}.")
    return int(raw)


# Behind N reverse proxies, throttle logins by the client's address, not the proxy's
# (config/proxies.py says how it is found). 0, the default, means clients connect directly.
PROXY_COUNT = _proxy_count("DJANGO_PROXY_COUNT")
globals().update(client_ip_settings(PROXY_COUNT))

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Password-reset mail: printed to the console in development; sent over SMTP
# when EMAIL_HOST is set or the site runs in production (default host: localhost).
if os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")

# Password-reset mail leaves outside the request (accounts/tasks.py), so the answer takes as
# long whether or not the address has an account. In production it is queued in the database
# and sent by `manage.py db_worker` (django-tasks-db, docs/DEPLOY.md); in development and
# tests it is sent at once.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if DEBUG or TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# A few of Django's own Chinese messages, reworded (config/locale/…/django.po says why).
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING or DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Several app servers share one store for evidence files: DJANGO_S3_BUCKET switches the
# default storage to S3-compatible object storage (django-storages). Credentials come from
# the standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables, read by boto3 itself.
# Objects stay private; the owner's download view streams them, nothing links to the bucket.
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "location": os.environ.get("DJANGO_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Evidence files live outside any public URL; only the owner's download view serves them.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "private-media"))
MEDIA_URL = None
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_MB", "20")) * 1024 * 1024
EVIDENCE_VIDEO_MAX_BYTES = int(os.environ.get("EVIDENCE_VIDEO_MAX_MB", "200")) * 1024 * 1024
# Uploads above this go to a temporary file, never held whole in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The Chinese font the appeal pack's one combined PDF is set in (Debian: fonts-noto-cjk).
# Without it the appeal page says the PDF cannot be made here and offers the ZIP instead.
APPEAL_PDF_FONT = Path(
    os.environ.get("DJANGO_PDF_FONT", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
)


# --- Quotas (docs/DEPLOY.md, "Quotas") ---------------------------------------------------
# Nobody may fill the disk or the bill. Per case: how many evidence files and how many MB.
# Per clock hour: new cases and evidence uploads for each visitor (an account, or a browser
# session without one) and for each client address (config/proxies.py finds it behind
# proxies); sign-ups and reset mails per e-mail address and per client address. Visitors
# without an account get less: signing up is how a buyer gets more. Each variable is a whole
# number (0 allows none); a bad one stops the server at start.
def _count_setting(name: str, default: int) -> int:
    """Return a whole number from the environment; refuse to start on a bad one."""
    raw = os.environ.get(name, "").strip() or str(default)
    if not raw.isascii() or not raw.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number such as {default}, not {raw!r}.")
    return int(raw)


def _megabytes_setting(name: str, default: int) -> int:
    return _count_setting(name, default) * 1024 * 1024


QUOTA_FILES_PER_CASE = _count_setting("QUOTA_FILES_PER_CASE", 100)
QUOTA_FILES_PER_CASE_ANON = _count_setting("QUOTA_FILES_PER_CASE_ANON", 20)
QUOTA_BYTES_PER_CASE = _megabytes_setting("QUOTA_MB_PER_CASE", 1000)
QUOTA_BYTES_PER_CASE_ANON = _megabytes_setting("QUOTA_MB_PER_CASE_ANON", 300)
QUOTA_CASES_PER_HOUR = _count_setting("QUOTA_CASES_PER_HOUR", 20)
QUOTA_CASES_PER_HOUR_ANON = _count_setting("QUOTA_CASES_PER_HOUR_ANON", 5)
QUOTA_CASES_PER_HOUR_PER_IP = _count_setting("QUOTA_CASES_PER_HOUR_PER_IP", 30)
QUOTA_UPLOADS_PER_HOUR = _count_setting("QUOTA_UPLOADS_PER_HOUR", 100)
QUOTA_UPLOADS_PER_HOUR_ANON = _count_setting("QUOTA_UPLOADS_PER_HOUR_ANON", 30)
QUOTA_UPLOADS_PER_HOUR_PER_IP = _count_setting("QUOTA_UPLOADS_PER_HOUR_PER_IP", 200)
QUOTA_UPLOAD_BYTES_PER_HOUR_PER_IP = _megabytes_setting("QUOTA_UPLOAD_MB_PER_HOUR_PER_IP", 1000)
QUOTA_SIGNUPS_PER_HOUR_PER_IP = _count_setting("QUOTA_SIGNUPS_PER_HOUR_PER_IP", 10)
QUOTA_SIGNUPS_PER_HOUR_PER_EMAIL = _count_setting("QUOTA_SIGNUPS_PER_HOUR_PER_EMAIL", 3)
QUOTA_RESETS_PER_HOUR_PER_IP = _count_setting("QUOTA_RESETS_PER_HOUR_PER_IP", 10)
QUOTA_RESETS_PER_HOUR_PER_EMAIL = _count_setting("QUOTA_RESETS_PER_HOUR_PER_EMAIL", 3)
# 这一页有帮助吗？ answers and sentences from one client address (feedback/quotas.py).
QUOTA_FEEDBACK_PER_HOUR_PER_IP = _count_setting("QUOTA_FEEDBACK_PER_HOUR_PER_IP", 60)
# Images of more pixels are refused at upload and never drawn as a thumbnail: a 20000 × 20000
# PNG is 389 kB on disk and 1.6 GB once decoded. 50 megapixels still takes a phone's long
# screenshot of a chat (1080 × 46000). Pillow refuses to read past 178 megapixels anyway.
EVIDENCE_MAX_PIXELS = _count_setting("EVIDENCE_MAX_MEGAPIXELS", 50) * 1_000_000


# The hourly counters (config/ratelimit.py) must be one count for every worker on every box:
# a table in the shared database by default (`manage.py createcachetable` makes it), or a
# Redis all boxes reach (DJANGO_QUOTA_CACHE=redis://host:6379/1). Development and tests
# count in memory.
def _redis_url(name: str, example: str) -> str:
    """Return the Redis URL in this variable ("" when unset); refuse anything else."""
    url = os.environ.get(name, "").strip()
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name} must be a Redis URL such as {example}, not {url!r}.")
    return url


QUOTA_CACHE_URL = _redis_url("DJANGO_QUOTA_CACHE", "redis://127.0.0.1:6379/1")
if QUOTA_CACHE_URL:
    CACHES["quotas"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": QUOTA_CACHE_URL,
    }
elif DEBUG or TESTING:
    CACHES["quotas"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "quotas",
    }
else:
    CACHES["quotas"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "quota_counters",
        # Expired counters go only when the table passes this many rows; live ones are few.
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
# --- end of quotas ------------------------------------------------------------------------

# Sessions live in the database: an anonymous buyer's cases belong to their session, so a
# session must survive any restart. With DJANGO_SESSION_CACHE (a Redis every box reaches,
# e.g. redis://127.0.0.1:6379/2) each session is also kept there and read from there
# (Django's cached_db): one database query fewer on every private page, while every write
# still goes to the database first, and a logout deletes both copies, so no worker or box
# keeps a stale session. Redis down or emptied: sessions are read from the database again.
# Never a per-process cache: a logout would not reach the other workers.
SESSION_CACHE_URL = _redis_url("DJANGO_SESSION_CACHE", "redis://127.0.0.1:6379/2")
if SESSION_CACHE_URL:
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": SESSION_CACHE_URL,
        # A Redis that stops answering must not hold a request for long: the session is
        # read from the database instead.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"


# --- Reminder mail (issue 17; docs/DEPLOY.md, "Reminder mail") ----------------------------
# `manage.py send_reminders`, run by a timer, mails a buyer who asked for it once the
# deadline they gave the seller passes, or once the platform has had this many days to
# answer an appeal (FACTS.md gives no number; 3 days is our expectation, and the appeal page
# says so). The mail links to the site at SITE_URL: the command runs outside any request,
# so it cannot ask one for the host. In production it refuses to run without it.
APPEAL_ANSWER_DAYS = _count_setting("APPEAL_ANSWER_DAYS", 3)
if APPEAL_ANSWER_DAYS < 1:
    raise ImproperlyConfigured("APPEAL_ANSWER_DAYS must be 1 or more days.")
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").strip() or (
    "http://127.0.0.1:8000" if DEBUG else ""
)
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL must be the site's address such as https://example.com, not {SITE_URL!r}."
    )
# --- end of reminder mail -----------------------------------------------------------------


def _amount_setting(name: str, default: str) -> Decimal:
    """Return an amount in 元 from the environment; refuse to start on a bad one."""
    raw = os.environ.get(name, default)
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise ImproperlyConfigured(f"{name} must be an amount in yuan such as 500, not {raw!r}.")
    return value


# --- Who runs the site: the footer of every page, 关于本站 and 联系我们 --------------------
# A site served in mainland China must show its ICP备案号 in the footer (linked to the MIIT
# register, beian.miit.gov.cn). Each is optional: unset, the footer leaves its line out and
# the contact page says no address is published. Read once at start; a page cached by a
# worker (guide/page_cache.py) is that worker's, so it always shows what it started with.
SITE_OPERATOR = os.environ.get("SITE_OPERATOR", "").strip()
SITE_ICP_NUMBER = os.environ.get("SITE_ICP_NUMBER", "").strip()
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", "").strip()
if SITE_CONTACT_EMAIL:
    try:
        validate_email(SITE_CONTACT_EMAIL)
    except ValidationError:
        raise ImproperlyConfigured(
            f"SITE_CONTACT_EMAIL must be an e-mail address, not {SITE_CONTACT_EMAIL!r}."
        ) from None
# --- end of who runs the site --------------------------------------------------------------


# Thresholds an operator may change; the rules that use them live in code.
POLICE_AMOUNT_THRESHOLD = _amount_setting("POLICE_AMOUNT_THRESHOLD", "500")
SMALL_CLAIM_LIMIT = _amount_setting("SMALL_CLAIM_LIMIT", "100")

# Strict CSP: no inline script or style anywhere, nothing from other hosts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Our files are for our own pages: no other site may embed them (config/middleware.py).
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# The site uses none of these browser features; a script that got in could not either. The
# copy buttons write to the clipboard (static/js/site.js), so that one stays ours. Uploads
# are a plain file input, which the camera and microphone policies do not govern.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "ambient-light-sensor": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "clipboard-write": ["self"],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "interest-cohort": [],
    "local-fonts": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# DJANGO_INSECURE_HTTP=1 lets a production-mode server answer plain HTTP on
# loopback (benchmarks, browser tests). Never set it on a public host.
INSECURE_HTTP = env_bool("DJANGO_INSECURE_HTTP")
if not DEBUG:
    https = not INSECURE_HTTP
    SECURE_SSL_REDIRECT = https
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading binds the whole domain to HTTPS in browsers for months and is slow to undo:
    # the operator opts in, knowing every subdomain serves HTTPS.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "not preloaded": a choice, see above
    SESSION_COOKIE_SECURE = https
    CSRF_COOKIE_SECURE = https

# Only a proxy of ours may say the client came over HTTPS: with none in front, a client
# could send X-Forwarded-Proto itself and be taken for HTTPS over plain HTTP (no redirect).
if PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
