"""Spam defences that need no third party: honeypot, signed form timestamp, rate limits, duplicates.

Rate limits live in Django's cache, so app servers that share a cache (Redis) share the limits.
"""

import hashlib
import hmac
import secrets
import time
from datetime import UTC, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from .conf import get_setting

TIMESTAMP_SALT = "wagtail_medborgardialog.form-timestamp"


NONCE_PREFIX = "mbd:form-nonce:"


def issue_nonce():
    """A new one-time value for one rendered form, remembered in the cache until it is used.

    This pair (with :func:`consume_nonce`) is the only place that knows how form tokens are
    remembered; a site that caches anonymous pages can swap it for one that fetches the token
    separately.
    """
    nonce = secrets.token_urlsafe(16)
    cache.set(NONCE_PREFIX + nonce, 1, timeout=get_setting("MAX_FORM_AGE"))
    return nonce


def consume_nonce(nonce):
    """True once for a nonce from :func:`issue_nonce`; False if unknown, expired or used."""
    return bool(nonce) and bool(cache.delete(NONCE_PREFIX + str(nonce)))


def make_timestamp(now=None):
    """A signed value holding the time the form was rendered and a one-time nonce."""
    rendered = int(now if now is not None else time.time())
    return signing.dumps([rendered, issue_nonce()], salt=TIMESTAMP_SALT)


def timestamp_ok(value, now=None):
    """Whether a form carrying ``value`` was rendered long enough ago, not too long ago, and
    not sent before: each rendered form's token is good for one post, so a bot pays the fill
    time for every post rather than reusing one page load.
    """
    try:
        rendered, nonce = signing.loads(
            value or "", salt=TIMESTAMP_SALT, max_age=get_setting("MAX_FORM_AGE")
        )
    except (signing.BadSignature, TypeError, ValueError):
        return False
    elapsed = (now if now is not None else time.time()) - int(rendered)
    if elapsed < get_setting("MIN_FILL_SECONDS"):
        return False
    return consume_nonce(nonce)


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
