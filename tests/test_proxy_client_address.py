"""The example site's client address behind a trusted reverse proxy (example_site/proxy.py)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from example_site.proxy import ForwardedForMiddleware, forwarded_client


def seen_address(settings, remote, forwarded=None, trusted=("127.0.0.1",)):
    settings.TRUSTED_PROXIES = list(trusted)
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **headers)
    middleware = ForwardedForMiddleware(lambda r: HttpResponse(r.META["REMOTE_ADDR"]))
    return middleware(request).content.decode()


def test_the_proxys_appended_address_is_the_client(settings):
    assert seen_address(settings, "127.0.0.1", "198.51.100.7") == "198.51.100.7"


def test_only_the_last_entry_counts_since_a_client_can_send_the_header_itself(settings):
    forged = "203.0.113.99, 198.51.100.7"
    assert seen_address(settings, "127.0.0.1", forged) == "198.51.100.7"


def test_a_request_from_elsewhere_keeps_its_own_address(settings):
    assert seen_address(settings, "192.0.2.10", "198.51.100.7") == "192.0.2.10"


@pytest.mark.parametrize("header", ["", "  ,  ", "not-an-address", "198.51.100.7, unknown"])
def test_no_valid_forwarded_address_keeps_the_proxys(settings, header):
    assert seen_address(settings, "127.0.0.1", header) == "127.0.0.1"


def test_ipv6_addresses_are_normalised():
    assert forwarded_client("2001:DB8:0:0::1") == "2001:db8::1"
