"""Spam defences that need no third party: honeypot, signed form timestamp, rate limits, duplicates.

Rate limits live in Django's cache, so app servers that share a cache (Redis) share the limits.
"""

import hashlib
import hmac
import time
from datetime import UTC, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from .conf import get_setting

TIMESTAMP_SALT = "wagtail_medborgardialog.form-timestamp"


def clock():
    """The current time in seconds; the one clock of the fill-time check (tests pin it)."""
    return time.time()


def make_timestamp(now=None):
    """A signed value holding the second the form was rendered, and nothing else.

    It is the same for every visitor who gets the page rendered in that second, so a shared
    cache (Varnish, a CDN) can keep the page: no per-visitor token is in the HTML. The price,
    written down in docs/architecture.md ("Forms on pages a shared cache keeps"): a copy served
    from the cache carries the time it was rendered, not the time the visitor opened it, and one
    copy's value can be posted more than once; the honeypot, the rate limits per address and
    per e-mail address, the duplicate check and the e-mailed confirmation stop what that lets
    through.
    """
    rendered = int(now if now is not None else clock())
    return signing.Signer(salt=TIMESTAMP_SALT).sign_object(rendered)


def timestamp_ok(value, now=None):
    """Whether a form carrying ``value`` came from this site's page rendered at least
    ``MIN_FILL_SECONDS`` and at most ``MAX_FORM_AGE`` seconds ago.

    A post without the page (a bot posting blind), with a forged or foreign value, one from
    the future or one from a page older than ``MAX_FORM_AGE`` is refused; so is a post sent
    faster than a person fills the form in after the page was rendered.
    """
    try:
        rendered = int(signing.Signer(salt=TIMESTAMP_SALT).unsign_object(value or ""))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    elapsed = (now if now is not None else clock()) - rendered
    return get_setting("MIN_FILL_SECONDS") <= elapsed <= get_setting("MAX_FORM_AGE")


def _key(kind, value):
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()
    return f"mbd:rate:{kind}:{digest}"


def _within_limit(key, limit, period):
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        count = 1
    return count <= limit


def within_rate_limits(ip_hash, email):
    """Count one submission for this address and e-mail; False once either is over its limit.

    The e-mail address is counted only when the IP check passed: posts refused for their
    address must not use up the quota of someone whose e-mail address they carry.
    """
    period = get_setting("RATE_LIMIT_PERIOD")
    if ip_hash and not _within_limit(_key("ip", ip_hash), get_setting("RATE_LIMIT_PER_IP"), period):
        return False
    if email:
        return _within_limit(
            _key("email", email.strip().lower()), get_setting("RATE_LIMIT_PER_EMAIL"), period
        )
    return True


def duplicate_key(text, now=None):
    """The key that the database keeps unique per page: today's date (UTC) and the text."""
    day = (now or timezone.now()).astimezone(UTC).date().isoformat()
    return hashlib.sha256(f"{day}\n{text}".encode()).hexdigest()


def is_duplicate(page, text):
    """Whether the same text was already sent to this page in the last day."""
    from .models import Contribution  # models -> contributions.forms -> antispam

    # Looked up by the keys of today and yesterday, so the unique index on (page, duplicate_key)
    # answers it instead of a scan of the page's texts; the text comparison stays as the proof.
    now = timezone.now()
    keys = [duplicate_key(text, now), duplicate_key(text, now - timedelta(days=1))]
    return Contribution.objects.filter(
        page_id=page.pk, duplicate_key__in=keys, text=text, created_at__gte=now - timedelta(days=1)
    ).exists()
