"""Production profile of the example site: DJANGO_SETTINGS_MODULE=example_site.settings_production.

Everything of settings.py, with debug off, HTTPS, secure cookies, a Content-Security-Policy and
error logging. `manage.py check --deploy --fail-level WARNING` passes with it
(tests/test_production_settings.py). Read from environment variables:

DJANGO_SECRET_KEY            required; at least 50 random characters
DJANGO_SECRET_KEY_FALLBACKS  optional, comma-separated: earlier keys while rotating
DJANGO_ALLOWED_HOSTS         required, comma-separated host names
REDIS_URL                    a cache all worker processes share (without it: W002)
DJANGO_ADMINS                optional, comma-separated "Name <address>": get error e-mails
DJANGO_SERVER_EMAIL          sender of error e-mails
DJANGO_HSTS_SECONDS          Strict-Transport-Security max-age (default one year)
DJANGO_LOG_LEVEL             level of the log on stderr (default INFO)
WAGTAILADMIN_BASE_URL        the site's https:// address, used in e-mails
DJANGO_TRUSTED_PROXIES       optional, comma-separated addresses of the reverse proxies whose
                             X-Forwarded-For names the client (example_site/proxy.py)
DJANGO_TASKS_BACKEND         "database": the durable task queue of django-tasks-db, run by
                             `manage.py db_worker` (docs/deployment.md)
DJANGO_EMAIL_FILE_PATH       directory for DJANGO_EMAIL_BACKEND's file-based backend
See "Production" in docs/installation.md and docs/deployment.md.
"""

import os
from email.utils import getaddresses

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from example_site.settings import *  # noqa: F403
from example_site.settings import INSTALLED_APPS, MIDDLEWARE


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} for production.")
    return value


def listed(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = False
# The demo's test e-identification checks nothing; name a real provider (docs/deployment.md).
WAGTAIL_MEDBORGARDIALOG_EID_PROVIDER = os.environ.get("MEDBORGARDIALOG_EID_PROVIDER") or None
SECRET_KEY = required("DJANGO_SECRET_KEY")
# Earlier keys still verify signed values (confirmation links, form timestamps, sessions)
# while a new SECRET_KEY is rolled out; see "Rotating SECRET_KEY" in docs/installation.md.
SECRET_KEY_FALLBACKS = listed("DJANGO_SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = required("DJANGO_ALLOWED_HOSTS").split(",")

# HTTPS only. The proxy in front (nginx, a load balancer) terminates TLS and must set
# X-Forwarded-Proto itself, overwriting whatever a client sent.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp) on every public page: nothing inline, nothing from
# other origins. The plugin's pages pass it (tests/test_csp.py). Wagtail's admin is excluded:
# it is not written for a policy without inline styles.
MIDDLEWARE = [*MIDDLEWARE, "csp.middleware.CSPMiddleware"]
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
    },
}

# The client address for the rate limits and reports: behind a reverse proxy REMOTE_ADDR is
# the proxy's, so every citizen would share one limit. Only requests from the listed proxies
# have their X-Forwarded-For read (example_site/proxy.py).
TRUSTED_PROXIES = listed("DJANGO_TRUSTED_PROXIES")
if TRUSTED_PROXIES:
    MIDDLEWARE = ["example_site.proxy.ForwardedForMiddleware", *MIDDLEWARE]

# A durable task queue: e-mails and Wagtail's own tasks are rows in the database, committed with
# the request's transaction and run by a separate worker process (`manage.py db_worker`), so a
# restart loses none. See "The task queue" in docs/deployment.md for why the database backend.
if os.environ.get("DJANGO_TASKS_BACKEND") == "database":
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if os.environ.get("DJANGO_EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["DJANGO_EMAIL_FILE_PATH"]

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# Errors go to stderr (the process manager's journal) and, when ADMINS is set, by e-mail,
# without what the citizen sent or their IP address (the filter stars them out).
DEFAULT_EXCEPTION_REPORTER_FILTER = (
    "wagtail_medborgardialog.error_reports.PersonalDataExceptionReporterFilter"
)
ADMINS = getaddresses(listed("DJANGO_ADMINS"))
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
        },
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {
            "handlers": ["stderr", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}
