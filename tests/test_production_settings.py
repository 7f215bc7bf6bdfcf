"""The example site's production profile (example_site/settings_production.py)."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STRONG_KEY = "k7Q2vXr9-Lm4pZt8Wn3bYc6Hd1Fs5Jg0Ue2Ri7Oa9Tq4Mw8Ex3Nz6Vy1Kb5Cu0Ph"


def manage(*args, **env):
    """Run the example site's manage.py with the production profile and only ``env`` set."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    base["DJANGO_SETTINGS_MODULE"] = "example_site.settings_production"
    return subprocess.run(
        [sys.executable, "example_site/manage.py", *args],
        cwd=REPO,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "dialog.exempelkommun.se",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_ADMINS": "Driften <drift@exempelkommun.se>",
}


def test_production_profile_passes_check_deploy_at_warning_level():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_profile_is_https_only_with_debug_off():
    script = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_PROXY_SSL_HEADER, s.ADMINS, s.ALLOWED_HOSTS, s.SECRET_KEY_FALLBACKS, "
        "s.DEFAULT_EXCEPTION_REPORTER_FILTER.rsplit('.', 1)[-1])"
    )
    result = manage("shell", "-c", script, **PRODUCTION_ENV, DJANGO_SECRET_KEY_FALLBACKS="old")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False True True True ('HTTP_X_FORWARDED_PROTO', 'https') "
        "[('Driften', 'drift@exempelkommun.se')] ['dialog.exempelkommun.se'] ['old'] "
        "PersonalDataExceptionReporterFilter"
    )


def test_production_profile_without_shared_cache_warns_rate_limits_are_per_process():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "wagtail_medborgardialog.W002" in result.stderr
    assert "per process" in result.stderr


def test_production_profile_refuses_to_start_without_secret_key_or_hosts():
    for missing in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = manage("check", **env)
        assert result.returncode != 0
        assert f"Set the environment variable {missing} for production." in result.stderr


def test_trusted_proxies_put_the_client_address_middleware_first():
    script = (
        "from django.conf import settings as s; "
        "print(s.TRUSTED_PROXIES, s.MIDDLEWARE[0].rsplit('.', 1)[-1])"
    )
    result = manage(
        "shell", "-c", script, **PRODUCTION_ENV, DJANGO_TRUSTED_PROXIES="192.0.2.5, 192.0.2.6"
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1]
        == "['192.0.2.5', '192.0.2.6'] ForwardedForMiddleware"
    )
    without = manage("shell", "-c", script, **PRODUCTION_ENV)
    assert without.stdout.strip().splitlines()[-1] == "[] SessionMiddleware"
