"""Network addresses only as keyed hashes: for rate limits, reports and duplicate checks."""

import hashlib
import hmac
import ipaddress

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


def hash_network(ip):
    """A keyed hash of the network ``ip`` belongs to (IPv4 /24, IPv6 /48); empty if unknown.

    Unlike :func:`hash_ip` the key does not change each day, so one network stays one
    reporter for as long as reports count; it is cleared with the IP hashes.
    """
    try:
        address = ipaddress.ip_address(str(ip or "").strip())
    except ValueError:
        return ""
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    return hmac.new(
        settings.SECRET_KEY.encode(), f"medborgardialog-network:{network}".encode(), hashlib.sha256
    ).hexdigest()


def client_ip(request):
    """The client address as Django sees it; proxies must set REMOTE_ADDR (e.g. via middleware)."""
    return request.META.get("REMOTE_ADDR", "")
