"""Edu4All settings: everything comes from the environment (and `.env`).

Local defaults need nothing configured: SQLite, local media, the offline image
provider and a broker that needs no server. Production sets the variables listed
in `.env.example` and the README.
"""

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from edu4all.database import database_from_url
from edu4all.env import (
    env_bool,
    env_existing_file,
    env_int,
    env_list,
    env_optional_int,
    env_required,
    env_str,
)
from edu4all.storage import media_storage
from generation.providers.registry import default_provider_name

BASE_DIR = Path(__file__).resolve().parent.parent
# EDU4ALL_ENV_FILE points at another file (tests point it nowhere for a clean slate).
load_dotenv(env_str("EDU4ALL_ENV_FILE", str(BASE_DIR / ".env")))

VAR_DIR = Path(env_str("EDU4ALL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-edu4all")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        env_required("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "classrooms",
    "generation",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Django 5.2 has no Content-Security-Policy of its own: django-csp sets it.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "classrooms.sessions.StudentSessionMiddleware",
    # A signed-in person's saved language, over the browser's (LocaleMiddleware, above).
    "classrooms.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "edu4all.urls"
WSGI_APPLICATION = "edu4all.wsgi.application"

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
                "generation.context_processors.image_provider",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL"), default_sqlite_path=VAR_DIR / "edu4all.sqlite3"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "classrooms.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Django's rules, with messages a child understands (classrooms/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "classrooms.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "classrooms.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "classrooms.passwords.CommonPasswordValidator"},
    {"NAME": "classrooms.passwords.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # The first two sign no one in: they refuse a locked-out username, or address.
    # AxesBackend is AxesStandaloneBackend that can also load a user, because Django's
    # test client signs people in (force_login) with the first backend listed.
    "axes.backends.AxesBackend",
    "classrooms.lockout.AddressLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Guessing limits (classrooms/lockout.py): wrong passwords per username, and per address
# for any usernames (a classroom shares one public address, so this one is higher); the
# same two numbers limit wrong join codes per signed-in student and per address.
LOCKOUT_MINUTES = env_int("LOCKOUT_MINUTES", 15)
LOCKOUT_FAILURES_PER_USERNAME = env_int("LOCKOUT_FAILURES_PER_USERNAME", 5)
LOCKOUT_FAILURES_PER_ADDRESS = env_int("LOCKOUT_FAILURES_PER_ADDRESS", 30)
# Behind a reverse proxy, the request header (as in request.META) that it always sets to
# the client's address, e.g. HTTP_X_REAL_IP; otherwise every child shares the proxy's.
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER")
RATELIMIT_IP_META_KEY = "classrooms.lockout.client_address"
AXES_CLIENT_IP_CALLABLE = "classrooms.lockout.client_address"
AXES_FAILURE_LIMIT = LOCKOUT_FAILURES_PER_USERNAME
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "classrooms.lockout.lockout_username"
AXES_COOLOFF_TIME = timedelta(minutes=LOCKOUT_MINUTES)
# The lock lifts LOCKOUT_MINUTES after it began, however often the child tries meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "classrooms.views.accounts.locked_out"
# Keep no record of children's successful sign-ins (address, browser) beyond the session.
AXES_DISABLE_ACCESS_LOG = True
# Students' sessions end with the browser and after this long without a request.
STUDENT_SESSION_IDLE_MINUTES = env_int("STUDENT_SESSION_IDLE_MINUTES", 60)
STUDENT_SESSION_IDLE_SECONDS = STUDENT_SESSION_IDLE_MINUTES * 60
# Flash messages live in the session, never in a cookie the browser keeps.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# locale/es holds the compiled .mo too (committed, checked by tests/i18n): no gettext needed.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's cookie lasts as long as the browser (shared classroom computers); a
# signed-in person's choice is kept on their account (classrooms/language.py).
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"

# Images are private: they are only ever served through a permission-checked view,
# so MEDIA_URL is never routed.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/private-media/"
# local | s3 | azure (edu4all/storage.py reads the AWS_* or AZURE_* variables). Every
# backend is private; static files stay with whitenoise.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
STORAGES = {
    "default": media_storage(STORAGE_BACKEND),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Image generation ---------------------------------------------------------------
OPENAI_API_KEY = env_str("OPENAI_API_KEY")
OPENAI_BASE_URL = env_str("OPENAI_BASE_URL")
AZURE_OPENAI_ENDPOINT = env_str("AZURE_OPENAI_ENDPOINT")
AZURE_OPENAI_API_KEY = env_str("AZURE_OPENAI_API_KEY")
AZURE_OPENAI_DEPLOYMENT = env_str("AZURE_OPENAI_DEPLOYMENT", "dall-e-3")
AZURE_OPENAI_API_VERSION = env_str("AZURE_OPENAI_API_VERSION", "2024-02-01")
# The model behind the Azure deployment (deployment names are free text).
AZURE_OPENAI_MODEL = env_str("AZURE_OPENAI_MODEL", "dall-e-3")
# OpenAI's own API retired DALL-E in 2026, so it defaults to the current gpt-image model;
# compatible servers and the offline preview default to DALL-E 3's shape.
IMAGE_MODEL = env_str(
    "IMAGE_MODEL", "dall-e-3" if OPENAI_BASE_URL or not OPENAI_API_KEY else "gpt-image-2"
)
# gpt-image only: png, jpeg or webp; 0-100 compression for jpeg/webp; auto/opaque/transparent.
IMAGE_OUTPUT_FORMAT = env_str("IMAGE_OUTPUT_FORMAT", "png")
IMAGE_OUTPUT_COMPRESSION = env_int("IMAGE_OUTPUT_COMPRESSION", 0)
IMAGE_BACKGROUND = env_str("IMAGE_BACKGROUND", "auto")
# A picture of another size than asked for is an error on OpenAI's and Azure's own APIs;
# self-hosted compatible servers (OPENAI_BASE_URL) often draw their own sizes.
IMAGE_CHECK_SIZE = env_bool("IMAGE_CHECK_SIZE", not OPENAI_BASE_URL)
# A compatible server (OPENAI_BASE_URL) whose own model names say nothing may still
# implement /v1/images/edits (stable-diffusion.cpp's server does): say so here.
IMAGE_SERVER_EDITS = env_bool("IMAGE_SERVER_EDITS", False)
# gpt-image models stream partial pictures while drawing: how many (0-3) the student's
# card shows before the final one; 0 turns streaming off.
IMAGE_PARTIAL_IMAGES = env_int("IMAGE_PARTIAL_IMAGES", 2)
if not 0 <= IMAGE_PARTIAL_IMAGES <= 3:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"IMAGE_PARTIAL_IMAGES must be 0 to 3, not {IMAGE_PARTIAL_IMAGES}.")


# Unset: the first provider whose settings above are filled in (a configured key wins
# over the offline preview); the registry knows which settings each provider needs.
IMAGE_PROVIDER = env_str("IMAGE_PROVIDER", default_provider_name(globals())).lower()
IMAGE_PROVIDER_TIMEOUT_SECONDS = env_int("IMAGE_PROVIDER_TIMEOUT_SECONDS", 120)
# The provider's quota, shared by all workers through Redis; 0 means no limit. Unset:
# the provider's usual default (its package under generation/providers/).
IMAGE_PROVIDER_IMAGES_PER_MINUTE = env_optional_int("IMAGE_PROVIDER_IMAGES_PER_MINUTE")
# A returned URL expires within the hour, so the worker downloads it at once.
IMAGE_DOWNLOAD_TIMEOUT_SECONDS = env_int("IMAGE_DOWNLOAD_TIMEOUT_SECONDS", 30)
# Salt for the hashed student id sent as OpenAI's `user` field (never a name).
USER_HASH_SALT = env_str("USER_HASH_SALT", SECRET_KEY)

# --- Provenance (C2PA) --------------------------------------------------------------
# Every stored picture carries a manifest signed with this key (PKCS#8 PEM) and chain
# (the signer's certificate, then its CA): generation/provenance/. Required in
# production; locally `manage.py make_c2pa_dev_key` (run by `make run`) makes a
# development pair at the default paths.
if DEBUG:
    C2PA_SIGNING_KEY_FILE = Path(
        env_str("C2PA_SIGNING_KEY_FILE", str(VAR_DIR / "c2pa" / "dev-signing-key.pem"))
    )
    C2PA_CERT_CHAIN_FILE = Path(
        env_str("C2PA_CERT_CHAIN_FILE", str(VAR_DIR / "c2pa" / "dev-cert-chain.pem"))
    )
else:
    C2PA_SIGNING_KEY_FILE = env_existing_file(
        "C2PA_SIGNING_KEY_FILE", env_required("C2PA_SIGNING_KEY_FILE")
    )
    C2PA_CERT_CHAIN_FILE = env_existing_file(
        "C2PA_CERT_CHAIN_FILE", env_required("C2PA_CERT_CHAIN_FILE")
    )

# --- Celery -------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
CELERY_FILESYSTEM_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900)
    }
else:
    # No server needed for a local run: messages are files in var/celery.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "edu4all")
# Enforced by the prefork pool only; under the threads pool the stale sweep is the backstop.
CELERY_TASK_SOFT_TIME_LIMIT = IMAGE_PROVIDER_TIMEOUT_SECONDS * 2
CELERY_TASK_TIME_LIMIT = IMAGE_PROVIDER_TIMEOUT_SECONDS * 2 + 30
# A record still queued or generating after this long is re-enqueued, then failed.
GENERATION_STALE_AFTER_SECONDS = env_int("GENERATION_STALE_AFTER_SECONDS", 600)
GENERATION_MAX_ATTEMPTS = env_int("GENERATION_MAX_ATTEMPTS", 3)
# Pictures that were never shown (rejected, failed, filtered, blocked) are deleted after
# this many days; the records stay for the safety log.
RETENTION_DAYS = env_int("RETENTION_DAYS", 30)
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-generations": {
        "task": "generation.tasks.sweep_stale_generations",
        "schedule": 60.0,
    },
    "delete-expired-images": {
        "task": "generation.tasks.delete_expired_images",
        "schedule": 3600.0,
    },
    # Class books and ZIPs hold children's names and work: kept a week for the teacher
    # to download (generation/services/exports.py, EXPORT_KEEP), then deleted.
    "delete-old-exports": {
        "task": "generation.tasks.delete_old_exports",
        "schedule": 3600.0,
    },
}

# --- Cache --------------------------------------------------------------------------
# With REDIS_URL the cache is shared by every web process; sessions stay in the database
# (see SESSION_ENGINE) so a Redis restart never logs a class out mid-lesson.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "edu4all",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Edu4All's own kind page (a child may read it), with the site's header and a way back.
CSRF_FAILURE_VIEW = "edu4all.errors.csrf_failure"
# HTTPS only in production: HSTS for a year and a redirect from http://.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading binds the school's whole domain to HTTPS in browsers for months; it is the
# domain owner's decision (set SECURE_HSTS_PRELOAD=true), not a default worth a warning.
SILENCED_SYSTEM_CHECKS: list[str] = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# django-axes counts per username only; the per-address limit is django-ratelimit's
# (classrooms/lockout.py), so a classroom's shared address never locks a whole class out.
SILENCED_SYSTEM_CHECKS.append("axes.W006")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# /healthz is asked over plain http by the load balancer or container runtime.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
# Behind a TLS-terminating proxy, e.g. "HTTP_X_FORWARDED_PROTO,https". Set it only when the
# proxy always overwrites that header, or clients could claim https.
_proxy_ssl_header = env_list("SECURE_PROXY_SSL_HEADER", [])
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must be a header and a value, "
            "e.g. HTTP_X_FORWARDED_PROTO,https."
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header[0], _proxy_ssl_header[1])
# No third-party scripts anywhere, on every response, the admin's included (django-csp).
# Our templates load only our own scripts: no inline scripts or on...= handlers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Mail (teachers are told when a student keeps trying blocked words) --------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "edu4all@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# The site's address, for links in e-mails to teachers.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# /healthz: anyone gets the overall status; this bearer token (or a staff sign-in) also
# gets each part. A storage check that passed is not repeated (it writes a file) for
# this many seconds.
HEALTHZ_TOKEN = env_str("HEALTHZ_TOKEN")
HEALTHZ_STORAGE_CHECK_SECONDS = env_int("HEALTHZ_STORAGE_CHECK_SECONDS", 60)

# One JSON object per line in production (for the log collector); readable text locally.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "edu4all.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
# The worker and beat log through LOGGING too (JSON in production), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
