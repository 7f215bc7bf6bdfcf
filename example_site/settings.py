"""Settings of the example site "Exempelkommun", read from environment variables.

DATABASE_URL   a database URL (postgres://user@host:5432/name); default: SQLite file db.sqlite3
DJANGO_DEBUG   "1" for debug mode (default "1": this is a local demo site)
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (comma-separated), REDIS_URL (optional shared cache)

This is the local demo; settings_production.py is the profile for a real server.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "exempelkommun-local-demo-key-not-for-production")
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "example_site.home",
    "wagtail_medborgardialog",
    "wagtail.locales",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # POSTs to the plugin's pages checked by origin instead of a token, so the public pages
    # are the same for every anonymous visitor and a shared cache can keep them.
    "wagtail_medborgardialog.csrf.OriginCheckMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index on PostgreSQL uses its search field types, and from Django 6.0 the
    # system checks refuse them without this app (postgres.E005).
    INSTALLED_APPS.append("django.contrib.postgres")

if os.environ.get("REDIS_URL"):
    # A shared cache makes the plugin's rate limits hold across several app servers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Swedish pages at /, their English translations under /en/ (urls.py, i18n_patterns). The
# URL decides the language, never the browser's preference: a page's language (html lang)
# must match its content (WCAG 3.1.1), and the plugin's pages follow their own locale.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# The example site's own strings (the skip link and the other chrome of base.html).
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Exempelkommun"
# The demo's e-identification is the plugin's test stand-in (it checks nothing); a real site
# names its BankID or Freja eID provider here. settings_production.py switches it off.
WAGTAIL_MEDBORGARDIALOG_EID_PROVIDER = (
    "wagtail_medborgardialog.identity.TestEidProvider" if DEBUG else None
)
# ASCII slugs, as Swedish municipal sites use: "Äldreomsorg i Östra stan" becomes
# aldreomsorg-i-ostra-stan, an address that survives e-mail, print and being read aloud.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# E-mail goes to the console in the demo; a real site configures its SMTP relay.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = "medborgardialog@exempelkommun.se"

# Background work (e-mail) runs inline in the demo, on django.tasks (Django 6) or the django-tasks
# backport (Django 5.2); production sites configure a persistent backend (docs/installation.md).
from wagtail_medborgardialog.tasks import backend_path  # noqa: E402

TASKS = {"default": {"BACKEND": backend_path("immediate.ImmediateBackend")}}
