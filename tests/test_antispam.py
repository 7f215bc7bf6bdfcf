"""Spam defences and IP hashing, below the form."""

import time
from datetime import UTC, datetime, timedelta

from wagtail_medborgardialog import antispam
from wagtail_medborgardialog.privacy.network import hash_ip


def test_timestamp_older_than_the_minimum_fill_time_passes(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 3
    stamp = antispam.make_timestamp(now=time.time() - 10)
    assert antispam.timestamp_ok(stamp)


def test_timestamp_too_recent_fails(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 3
    assert not antispam.timestamp_ok(antispam.make_timestamp())


def test_tampered_timestamp_fails(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    stamp = antispam.make_timestamp(now=time.time() - 3600)
    assert not antispam.timestamp_ok(stamp.replace(stamp[:2], "xx", 1))


def test_form_rendered_too_long_ago_fails(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    settings.WAGTAIL_MEDBORGARDIALOG_MAX_FORM_AGE = -1
    assert not antispam.timestamp_ok(antispam.make_timestamp())


def test_rate_limit_counts_per_email_case_insensitively(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_EMAIL = 1
    assert antispam.within_rate_limits("", "Anna@Example.se")
    assert not antispam.within_rate_limits("", "anna@example.se")


def test_rate_limit_keys_hold_no_clear_e_mail_address():
    from django.core.cache import cache

    antispam.within_rate_limits("", "anna@example.se")
    assert not any("anna" in key for key in cache._cache)  # locmem internals, tests only


def test_ip_hash_is_stable_within_a_day_and_changes_between_days():
    day = datetime(2026, 11, 27, 10, tzinfo=UTC)
    assert hash_ip("192.0.2.1", now=day) == hash_ip("192.0.2.1", now=day + timedelta(hours=5))
    assert hash_ip("192.0.2.1", now=day) != hash_ip("192.0.2.1", now=day + timedelta(days=1))
    assert "192.0.2.1" not in hash_ip("192.0.2.1", now=day)


def test_empty_address_has_an_empty_hash():
    assert hash_ip("") == ""


def test_the_form_value_is_the_same_for_every_visitor_of_one_render():
    """Nothing per visitor: two renders in one second carry the same value, so a shared
    cache may hand one copy of the page to everyone."""
    now = time.time()
    assert antispam.make_timestamp(now=now) == antispam.make_timestamp(now=now)
    assert antispam.make_timestamp(now=now) != antispam.make_timestamp(now=now - 5)


def test_one_value_may_be_posted_again_and_the_rate_limits_stop_a_flood(settings):
    """The one-time nonce gave way to a value shared by every visitor of a cached copy; what
    stops one copy from being posted in a loop is the per-e-mail and per-address limit."""
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 3
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_EMAIL = 2
    stamp = antispam.make_timestamp(now=time.time() - 10)
    assert antispam.timestamp_ok(stamp) and antispam.timestamp_ok(stamp)
    assert antispam.within_rate_limits("ip", "bot@example.se")
    assert antispam.within_rate_limits("ip", "bot@example.se")
    assert not antispam.within_rate_limits("ip", "bot@example.se")


def test_a_value_from_the_future_is_refused(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    assert not antispam.timestamp_ok(antispam.make_timestamp(now=time.time() + 60))


def test_the_old_one_time_tokens_and_other_signed_values_are_refused(settings):
    from django.core import signing

    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    old_style = signing.dumps([int(time.time()) - 60, "nonce"], salt=antispam.TIMESTAMP_SALT)
    assert not antispam.timestamp_ok(old_style)
    other_salt = signing.Signer(salt="another").sign_object(int(time.time()) - 60)
    assert not antispam.timestamp_ok(other_salt)
    assert not antispam.timestamp_ok("")
