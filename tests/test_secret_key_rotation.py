"""What rotating SECRET_KEY with SECRET_KEY_FALLBACKS does (docs/installation.md, Production)."""

import pytest
from django.core import signing

from wagtail_medborgardialog import antispam, privacy
from wagtail_medborgardialog.contributions.tokens import (
    make_confirmation_token,
    read_confirmation_token,
)
from wagtail_medborgardialog.models import Contribution

OLD, NEW = "old-key-" + "o" * 50, "new-key-" + "n" * 50


@pytest.mark.django_db
def test_confirmation_links_mailed_before_rotation_still_work_with_the_old_key_as_fallback(
    settings, process
):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD, []
    contribution = Contribution.objects.create(page=process, text="Hej", email="a@example.se")
    token = make_confirmation_token(contribution)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert read_confirmation_token(token) == contribution.pk
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(signing.BadSignature):
        read_confirmation_token(token)


def test_forms_rendered_before_rotation_are_accepted_with_the_old_key_as_fallback(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD, []
    stamp = antispam.make_timestamp()
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert antispam.timestamp_ok(stamp)
    settings.SECRET_KEY_FALLBACKS = []
    assert not antispam.timestamp_ok(stamp)


def test_ip_hashes_and_rate_limits_start_afresh_after_rotation_fallbacks_or_not(settings):
    """IP hashes and rate-limit counters are keyed by SECRET_KEY alone, like a new day's salt."""
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_IP = 1
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD, []
    before = privacy.hash_ip("192.0.2.7")
    assert antispam.within_rate_limits(before, "")
    assert not antispam.within_rate_limits(before, "")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    after = privacy.hash_ip("192.0.2.7")
    assert after != before
    assert antispam.within_rate_limits(after, "")
