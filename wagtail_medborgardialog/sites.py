"""The Site a page belongs to, looked up once per request.

``Page.get_site()`` queries the Site table on every call, and a page's context, its privacy
text and its meetings each asked again. With the request, the site Wagtail already found for
it (``Site.find_for_request`` keeps it on the request) is reused when it is the page's own;
the answer is kept on the page instance for the rest of the render.
"""

from django.conf import settings
from wagtail.models import Site


def site_of(page, request=None):
    """The Site that serves ``page``, or None for a page no site serves."""
    if page is None:
        return None
    if "_mbd_site" in page.__dict__:
        return page.__dict__["_mbd_site"]
    parts = page.get_url_parts(request)
    site = None
    if parts is not None:
        site_id = parts[0]
        found = Site.find_for_request(request) if request is not None else None
        site = found if found is not None and found.pk == site_id else Site.objects.get(pk=site_id)
    page.__dict__["_mbd_site"] = site
    return site


def publisher_of(page, request=None):
    """Who publishes ``page`` in the privacy texts: its site's name, else WAGTAIL_SITE_NAME."""
    site = site_of(page, request)
    return (site.site_name if site else "") or getattr(settings, "WAGTAIL_SITE_NAME", "")
