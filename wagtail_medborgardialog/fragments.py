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


def generations(request, page):
    """The page's and the site's generations, read from the cache once per request (a page
    shows several fragments)."""
    memo = request.__dict__.setdefault("_mbd_fragment_generations", {})
    if page.pk not in memo:
        keys = (_PAGE_KEY.format(page.pk), _SITE_KEY)
        found = cache.get_many(keys)  # one round trip to a shared cache
        memo[page.pk] = tuple(found.get(key) or _generation(key) for key in keys)
    return memo[page.pk]


def note_change_at(request, when):
    """Say that what is being rendered for ``request`` changes by itself at ``when`` (a
    meeting ending, an input window opening), so a kept copy of the whole page is not
    answered after it."""
    if request is not None and when is not None:
        noted = request.__dict__.get("_mbd_changes_at")
        if noted is None or when < noted:
            request.__dict__["_mbd_changes_at"] = when


def changes_at(request, page):
    """The first moment after now at which the page rendered for ``request`` changes by
    itself: the earliest of what the render noted and the page's own
    ``page_cache_changes_at()`` (its input window), or None."""
    now = timezone.now()
    moments = [request.__dict__.get("_mbd_changes_at")]
    own = getattr(page, "page_cache_changes_at", None)
    if own is not None:
        moments.extend(own())
    future = [moment for moment in moments if moment is not None and moment > now]
    return min(future) if future else None


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
    key = fragment_key(name, page, vary, generations(request, page))
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
    "wagtail_medborgardialog.networkinterest",
    "wagtail_medborgardialog.volunteer",
    "wagtail_medborgardialog.panelinvitation",
}
# Apps whose other rows a fragment may show (snippets, settings, images, documents, pages).
SITE_SCOPED_APPS = {"wagtail_medborgardialog", "wagtailimages", "wagtaildocs", "taggit"}


# A meeting's places left show on its page and on every page above it ("Kommande möten").
REGISTRATION = "wagtail_medborgardialog.registration"


def bump_page_and_ancestors(page_id):
    """Everything cached for ``page_id`` and the pages above it is stale from now on."""
    from wagtail.models import Page

    path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    if not path:
        return
    step = Page.steplen
    above = [path[:end] for end in range(step, len(path) + 1, step)]
    now = time.time_ns()
    cache.set_many(
        {
            _PAGE_KEY.format(pk): now
            for pk in Page.objects.filter(path__in=above).values_list("pk", flat=True)
        },
        None,
    )


def _registration_changed(instance):
    from django.db import transaction

    from .models.meetings import Meeting, RegistrationStatus

    # An unconfirmed registration holds no place: the form's POST makes nothing stale.
    if instance.status == RegistrationStatus.UNCONFIRMED:
        return
    page_id = Meeting.objects.filter(pk=instance.meeting_id).values_list("page_id", flat=True)
    page_id = page_id.first()
    if page_id:
        bump_page_and_ancestors(page_id)
        # Again once committed: a page rendered meanwhile from the old count is not kept.
        transaction.on_commit(lambda: bump_page_and_ancestors(page_id))


def _changed(sender, instance, **kwargs):
    from wagtail.models import Page, PageViewRestriction, Site

    label = sender._meta.label_lower
    if label in PAGE_SCOPED:
        bump_page(getattr(instance, "page_id", None))
    elif kwargs.get("raw"):
        return
    elif label == REGISTRATION:
        _registration_changed(instance)
    elif label in UNSHOWN:
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
