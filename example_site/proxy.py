"""The client address behind a reverse proxy, for the plugin's rate limits and reports.

The plugin reads ``REMOTE_ADDR`` (``wagtail_medborgardialog.privacy.client_ip``). Behind nginx or
a load balancer that is the proxy's address, so every citizen would share one rate limit. The
proxy appends the address it saw to ``X-Forwarded-For`` (nginx: ``proxy_set_header
X-Forwarded-For $proxy_add_x_forwarded_for``); the last entry is the one to trust, since a
client can put anything in front of it. Only requests that come from a listed proxy are read.
"""

import ipaddress

from django.conf import settings


def forwarded_client(header):
    """The last valid address in an ``X-Forwarded-For`` value, or None."""
    entries = [entry.strip() for entry in header.split(",") if entry.strip()]
    if not entries:
        return None
    try:
        return str(ipaddress.ip_address(entries[-1]))
    except ValueError:
        return None


class ForwardedForMiddleware:
    """Set ``REMOTE_ADDR`` from ``X-Forwarded-For`` on requests from ``TRUSTED_PROXIES``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = frozenset(getattr(settings, "TRUSTED_PROXIES", ()))

    def __call__(self, request):
        if request.META.get("REMOTE_ADDR") in self.trusted:
            client = forwarded_client(request.META.get("HTTP_X_FORWARDED_FOR", ""))
            if client:
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)
