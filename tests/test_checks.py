from wagtail_medborgardialog.checks import (
    check_required_apps,
    check_settings,
    missing_apps_errors,
)


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
