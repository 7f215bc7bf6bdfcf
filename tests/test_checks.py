import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from wagtail_medborgardialog.checks import (
    check_required_apps,
    check_settings,
    check_shared_cache,
    missing_apps_errors,
    unshared_cache_warnings,
)

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379",
    }
}


def test_complete_site_passes_the_checks():
    assert check_required_apps(None) == []
    assert check_settings(None) == []


def test_missing_routable_page_app_is_an_error_with_the_fix(settings):
    apps = [app for app in settings.INSTALLED_APPS if app != "wagtail.contrib.routable_page"]
    errors = missing_apps_errors(apps)
    assert [e.id for e in errors] == ["wagtail_medborgardialog.E001"]
    assert "wagtail.contrib.routable_page" in errors[0].msg
    assert "INSTALLED_APPS" in errors[0].hint


def test_misspelt_setting_is_reported(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_PAGINATE = 10
    messages = check_settings(None)
    assert [m.id for m in messages] == ["wagtail_medborgardialog.W001"]
    assert "WAGTAIL_MEDBORGARDIALOG_PAGINATE_BY" in messages[0].hint


def test_paginate_by_must_be_a_positive_integer(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_PAGINATE_BY = 0
    assert [m.id for m in check_settings(None)] == ["wagtail_medborgardialog.E002"]


def test_local_memory_cache_without_debug_warns_rate_limits_are_per_process(settings):
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    (warning,) = check_shared_cache(None)
    assert warning.id == "wagtail_medborgardialog.W002"
    assert "per process" in warning.msg
    assert "RedisCache" in warning.hint


def test_dummy_cache_without_debug_warns_rate_limits_are_not_enforced():
    (warning,) = unshared_cache_warnings(DUMMY, debug=False)
    assert warning.id == "wagtail_medborgardialog.W002"
    assert "not enforced" in warning.msg


def test_shared_cache_or_debug_gives_no_cache_warning():
    assert unshared_cache_warnings(REDIS, debug=False) == []
    assert unshared_cache_warnings(LOCMEM, debug=True) == []
    assert unshared_cache_warnings(DUMMY, debug=True) == []


def test_cache_warning_fails_check_at_warning_level_unless_silenced(settings):
    """A real site without a shared cache fails `check --fail-level WARNING`; the test settings
    silence W002 because the test run is one process."""
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    call_command("check", fail_level="WARNING")
    settings.SILENCED_SYSTEM_CHECKS = []
    with pytest.raises(SystemCheckError, match="wagtail_medborgardialog.W002"):
        call_command("check", fail_level="WARNING")
