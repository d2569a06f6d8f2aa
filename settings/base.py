"""Settings shared by every environment: safe for production unless an environment file says otherwise.

Every variable is read through settings.environment: unset or empty means the default.
"""

import os
import zoneinfo
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

from . import services
from .environment import env_bool, env_float, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The project's apps, from the ground floor up (docs/architecture.md): each imports only those above
# it in this list. Templates resolve in this order too, so an upper app may override a lower one's.
INSTALLED_APPS = [
    "demo",
    "wordpress_import",
    "home",
    "comments",
    # Follow by email: beside comments, above blog (it listens to publishing).
    "subscriptions",
    "translation",
    "search",
    "blog",
    "core",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",  # the body's table block (its editor script)
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before the page cache: "/" with a remembered language redirects to that home.
    "translation.middleware.RememberedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Outside the page cache, so that cached pages get fresh comment and subscribe timestamps.
    "core.middleware.FreshFormTimestampMiddleware",
    # After CSRF (which sets the cookie for each reader's form token), before everything a
    # cache hit can skip.
    "core.cache.middleware.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Finds the page a URL names in one query (see core.routing).
    "core.routing.RouteMemoMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
    # After every other process_view (it calls the view): one transaction per write request.
    "core.middleware.AtomicWritesMiddleware",
]

ROOT_URLCONF = "settings.urls"
WSGI_APPLICATION = "settings.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# DATABASE_URL unset means the embedded SQLite file in the project folder.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A request's writes commit together or not at all: a publish that fails halfway (a signal
# handler, the search index, a full disk) leaves no half-published page behind. Django's
# ATOMIC_REQUESTS would do it for every request, reads included; on SQLite (below) that makes
# every page view take the write lock, so the transaction wraps only requests that may write
# (core.middleware.AtomicWritesMiddleware, last in MIDDLEWARE).
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server's SQLite: write-ahead logging lets readers and one writer work at once.
    # Transactions begin IMMEDIATE, taking the write lock at BEGIN, where the busy timeout
    # applies: a deferred transaction that reads and then writes cannot wait for the lock
    # (SQLite refuses at once, "database is locked"), which gave about one 500 in ten
    # saves while autosave and editing-session pings wrote (tests/production/
    # test_concurrent_editing.py). The timeout (seconds) is how long a writer queues.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        transaction_mode="IMMEDIATE",
        timeout=env_int("SQLITE_BUSY_TIMEOUT", 20),
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a statement to machine code (JIT) once its estimated cost passes
    # jit_above_cost: on tables not analysed yet (a new site, a restored backup) the sites'
    # statement (core/sites.py) was estimated high and took 0.45 s to compile, to run in 2 ms.
    # A blog's statements are short; JIT pays off for long analytical ones only.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Refuses a login once its username and address have failed too often (password guessing).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_HOURS", 0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
# Behind a load balancer the client's address is the one it appended to X-Forwarded-For; with no
# proxy the header is the client's own invention, so only the socket's address counts.
AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the default (unprefixed URLs), Japanese lives under /ja/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ja", _("Japanese")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("SITE_TIME_ZONE", "Europe/London")
# locale/ holds the project's own strings (written by `make messages`); locale/upstream/ holds
# Japanese for Wagtail and wagtail-localize strings their catalogues leave in English (by hand,
# never touched by makemessages). Both outrank the apps' own catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "upstream"]
# The Account page's time zones: the zone database also holds file names that are no zone
# ("localtime", "posixrules", "Factory", "posix/…", "right/…"); the admin's script hands each
# name to the browser, which stops on them ("Invalid time zone specified: localtime").
WAGTAIL_USER_TIME_ZONES = sorted(
    name
    for name in zoneinfo.available_timezones()
    if ("/" in name or name == "UTC") and not name.startswith(("posix/", "right/"))
)
FORMAT_MODULE_PATH = ["settings.formats"]

# A translation starts as a draft, whatever the state of its source page.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation in the translation editor: DeepL when a key is set. Without one there is
# no machine translation at all (wagtail-localize then shows no button): no offline engine with
# an English-Japanese model installs from the package registries, and a stand-in would fill the
# page with text nobody wrote (translation.machine; docs/translating.md).
DEEPL_AUTH_KEY = env_str("DEEPL_AUTH_KEY")
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = (
    {
        "CLASS": "translation.machine.DeepLMachineTranslator",
        "OPTIONS": {"AUTH_KEY": DEEPL_AUTH_KEY, "API_URL": env_str("DEEPL_API_URL")},
    }
    if DEEPL_AUTH_KEY
    else None
)

STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", BASE_DIR / "static_collected")
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", BASE_DIR / "media")
# Shared services, each switched on by its environment variables (see settings/services.py).
STORAGES = services.storages(os.environ)
CACHES = services.caches(os.environ)

# The page cache for anonymous readers (core.cache): whole pages in the default cache, made
# stale by any change readers could see. A caching proxy or CDN in front is purged on change
# when FRONTEND_CACHE_URL is set (Varnish: see bench/varnish.vcl).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 3600)
PAGE_CACHE_SHARED_MAX_AGE = env_int("PAGE_CACHE_SHARED_MAX_AGE", 600)
PAGE_CACHE_EXCLUDED_PATHS = (
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/healthz",
    "/static/",
    "/media/",
)
PAGE_CACHE_BYPASS_COOKIES = ("messages",)
FRONTEND_CACHE_URL = env_str("FRONTEND_CACHE_URL")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "core.cache.frontend.BanningHTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
SESSION_ENGINE = services.session_engine(os.environ)
TASKS = services.tasks(os.environ)

WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Anglo-Japanese Strategic Review")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = services.search_backends(os.environ)
# The admin shows avatars made from each user's initials (or an uploaded picture): Gravatar's
# images would break under the site's Content-Security-Policy and tell Gravatar who edits.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# No SVG (it can carry scripts); documents are checked for size and disguised contents.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.DocumentForm"
# Only PDFs open in the browser; every other document downloads as an attachment.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
# Any request body larger than this is refused with 413 before Django reads it (core.middleware).
MAX_REQUEST_BODY_SIZE = 25 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Production-safe defaults; dev.py and test.py relax them for local work.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads these cookies (Wagtail's admin takes its CSRF token from the page), so
# scripts may not: the flags wapiti's cookie check asks for (make scan).
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
# No page is framed; Wagtail sets SAMEORIGIN on its own preview views, which the admin frames
# (and core.middleware gives those frame-ancestors 'self' to match; every other page 'none').
X_FRAME_OPTIONS = "DENY"
# Public pages run only the site's own scripts; embeds play in frames from their providers.
# core.middleware relaxes scripts and styles for the Wagtail admin, whose widgets use inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *services.media_origins(os.environ)],
        "media-src": ["'self'", *services.media_origins(os.environ)],
        "font-src": ["'self'", "data:"],
        "frame-src": ["'self'", "https:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "blog@localhost")
# The SMTP server for comment notices and subscription mails (docs/subscriptions.md).
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # LOG_FORMAT=json writes one JSON object a line, for a log collector; production defaults to it.
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_str("LOG_FORMAT", "plain") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Every page save runs background tasks; their start/finish lines drown real messages.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
