"""Personal data handling: IP addresses are never stored in clear, only as salted hashes."""

import hashlib
import hmac

from django.conf import settings
from django.utils import timezone


def _salt(now=None):
    # The salt changes each day, so hashes cannot be joined across days or reversed by
    # enumerating the IPv4 space without also knowing SECRET_KEY.
    day = (now or timezone.now()).strftime("%Y-%m-%d")
    return hmac.new(
        settings.SECRET_KEY.encode(), f"medborgardialog-ip:{day}".encode(), hashlib.sha256
    ).digest()


def hash_ip(ip, now=None):
    """A keyed hash of ``ip`` valid for rate limiting today; empty for an empty address."""
    if not ip:
        return ""
    return hmac.new(_salt(now), str(ip).encode(), hashlib.sha256).hexdigest()


def client_ip(request):
    """The client address as Django sees it; proxies must set REMOTE_ADDR (e.g. via middleware)."""
    return request.META.get("REMOTE_ADDR", "")
