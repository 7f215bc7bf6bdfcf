"""Rendered parts of public pages, kept in the cache until something they show changes.

A fragment's key holds everything its HTML depends on: the page and the time it was last
published, the page's *generation* (bumped whenever one of its contributions, decisions or
child pages changes), a site-wide generation (bumped when a snippet, image, document, setting
or any page is saved or deleted), the language, today's date (statuses follow the calendar)
and the values the template passes (the input window's state, the order and page of the list).
A change bumps a generation instead of deleting keys, so nothing needs to know which keys
exist; old entries age out. Previews and form re-renders are never cached, and the
FRAGMENT_CACHE_SECONDS setting bounds how long anything can be missed (0 turns it off).
"""

import hashlib
import time

from django.core.cache import cache
from django.utils import timezone, translation

from .conf import get_setting

_SITE_KEY = "mbd:fragments:site"
_PAGE_KEY = "mbd:fragments:page:{}"
_FRAGMENT_KEY = "mbd:fragment:{}"


def _generation(key):
    # A missing generation (evicted, first use) starts a new one, never an old one again.
    return cache.get_or_set(key, time.time_ns, None)


def bump_page(page_id):
    """Everything cached for ``page_id`` is stale from now on."""
    if page_id:
        cache.set(_PAGE_KEY.format(page_id), time.time_ns(), None)


def bump_site():
    """Everything cached on every page is stale from now on."""
    cache.set(_SITE_KEY, time.time_ns(), None)


def enabled(request):
    if not get_setting("FRAGMENT_CACHE_SECONDS"):
        return False
    if request is None or request.method != "GET" or getattr(request, "is_preview", False):
        return False
    return True


def _generations(request, page):
    # A page shows several fragments; read its two generations from the cache once per request.
    memo = request.__dict__.setdefault("_mbd_fragment_generations", {})
    if page.pk not in memo:
        memo[page.pk] = (_generation(_PAGE_KEY.format(page.pk)), _generation(_SITE_KEY))
    return memo[page.pk]


def fragment_key(name, page, vary, generations):
    parts = [
        name,
        page.pk,
        page.last_published_at.isoformat() if page.last_published_at else "",
        *generations,
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        *vary,
    ]
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return _FRAGMENT_KEY.format(digest)


def get_or_render(request, name, page, vary, render):
    """The cached HTML of fragment ``name`` on ``page``, rendering it with ``render()`` once."""
    if page is None or not page.pk or not enabled(request):
        return render()
    key = fragment_key(name, page, vary, _generations(request, page))
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, get_setting("FRAGMENT_CACHE_SECONDS"))
    return html


_VALUE_KEY = "mbd:value:{}"


def site_value(name, compute):
    """A value computed from site-wide rows (topics, areas, goals), kept in the cache under the
    site generation, so any change to such a row is seen on the next request."""
    seconds = get_setting("FRAGMENT_CACHE_SECONDS")
    if not seconds:
        return compute()
    parts = (name, _generation(_SITE_KEY), translation.get_language() or "")
    key = _VALUE_KEY.format(hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest())
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def page_value(name, page, compute):
    """A value computed from one page's rows (its published count), kept in the cache under
    the page's and the site's generations: the next change to the page's contributions or
    decisions, or to any page, is seen on the next request."""
    seconds = get_setting("FRAGMENT_CACHE_SECONDS")
    if not seconds or not page.pk:
        return compute()
    parts = (name, page.pk, _generation(_PAGE_KEY.format(page.pk)), _generation(_SITE_KEY))
    key = _VALUE_KEY.format(hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest())
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


# --- what makes fragments stale ------------------------------------------------------------

# Rows that belong to one page: a change makes only that page's fragments stale.
PAGE_SCOPED = {"wagtail_medborgardialog.contribution", "wagtail_medborgardialog.decision"}
# Rows no fragment shows, written often by the public: a change makes nothing stale.
UNSHOWN = {
    "wagtail_medborgardialog.contributionreport",
    "wagtail_medborgardialog.pagefeedback",
    "wagtail_medborgardialog.consultationtally",
    # The other channels' personal rows: their own pages count them afresh on each request.
    "wagtail_medborgardialog.signature",
    "wagtail_medborgardialog.ballot",
    "wagtail_medborgardialog.ballotchoice",
    "wagtail_medborgardialog.registration",
    "wagtail_medborgardialog.networkinterest",
    "wagtail_medborgardialog.volunteer",
    "wagtail_medborgardialog.panelinvitation",
}
# Apps whose other rows a fragment may show (snippets, settings, images, documents, pages).
SITE_SCOPED_APPS = {"wagtail_medborgardialog", "wagtailimages", "wagtaildocs", "taggit"}


def _changed(sender, instance, **kwargs):
    from wagtail.models import Page, PageViewRestriction, Site

    label = sender._meta.label_lower
    if label in PAGE_SCOPED:
        bump_page(getattr(instance, "page_id", None))
    elif label in UNSHOWN or kwargs.get("raw"):
        return
    elif (
        isinstance(instance, (Page, Site, PageViewRestriction))
        or sender._meta.app_label in SITE_SCOPED_APPS
    ):
        # A page's title, URL or publication shows in its parent's and siblings' lists; a
        # view restriction decides which contributions are public.
        bump_site()


def connect():
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_changed, dispatch_uid="mbd_fragments_saved")
    post_delete.connect(_changed, dispatch_uid="mbd_fragments_deleted")


def page_generations(page_ids):
    """The generations of ``page_ids``, for a fragment that shows rows of other pages (a
    contract's cited contributions): any change that makes one of them stale makes it stale."""
    return tuple(_generation(_PAGE_KEY.format(page_id)) for page_id in page_ids)
