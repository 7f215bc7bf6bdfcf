"""Settings for the test suite: the example site's, made fast and hermetic.

DATABASE_URL selects the database (SQLite in memory by default; CI also runs PostgreSQL).
"""

import os

import dj_database_url

from example_site.settings import *  # noqa: F403
from wagtail_medborgardialog.tasks import backend_path

SECRET_KEY = "tests-only-secret-key"
DEBUG = False
# No e-identification by default (the demo's stand-in is for DEBUG only); tests that need it
# set it to wagtail_medborgardialog.identity.TestEidProvider with the settings fixture.
WAGTAIL_MEDBORGARDIALOG_EID_PROVIDER = None
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": dj_database_url.config(default="sqlite://:memory:")
    if os.environ.get("DATABASE_URL")
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": backend_path("immediate.ImmediateBackend")}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# A site's own pages built from the plugin's abstract bases (tests/testapp).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405

# Each test process (one per xdist worker) has its own local-memory cache holding the rate
# limits its tests set; W002 (rate limits are per process) is meant for deployed sites.
SILENCED_SYSTEM_CHECKS = ["wagtail_medborgardialog.W002"]
