"""Settings for `make bench`: the example site on a fresh database, tuned to measure the stack.

DATABASE_URL selects a database server (PostgreSQL); the benchmark then runs in a fresh test
database created next to it (``test_<name>``) and drops it afterwards. Without it, a fresh
SQLite file in a temporary directory is used.
"""

import os
import tempfile

import dj_database_url

from example_site.settings import *  # noqa: F403

SECRET_KEY = "benchmarks-only-secret-key"
# As in production: no debug toolbar-like overhead, no SQL log kept between measurements.
DEBUG = False
ALLOWED_HOSTS = ["*"]

BENCH_DIR = tempfile.mkdtemp(prefix="mbd-bench-")
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=600)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(BENCH_DIR, "bench.sqlite3"),
            "TEST": {"NAME": os.path.join(BENCH_DIR, "bench.sqlite3")},
        }
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# As in production (docs/deployment.md): a durable queue in the database. A contribution's
# confirmation e-mail, like Wagtail's reference-index update, is a task row written when the
# transaction commits; the worker renders and sends it outside the request. Wagtail's form
# page, the baseline, sends its e-mail inside the request (to the local-memory outbox, so its
# cost is rendering the message). docs/performance.md says why this is the fair comparison.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.path.join(BENCH_DIR, "media")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# The submit scenario posts hundreds of times from one address: measure the stack, not the
# spam defences' refusals.
WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_IP = 10**9
WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_EMAIL = 10**9

# BENCH_PAGE_CACHE=0: every request renders its page, as the first visit after a change does
# (the whole-page cache off, the fragments kept); docs/performance.md reports both.
if os.environ.get("BENCH_PAGE_CACHE") == "0":
    WAGTAIL_MEDBORGARDIALOG_PAGE_CACHE_SECONDS = 0
