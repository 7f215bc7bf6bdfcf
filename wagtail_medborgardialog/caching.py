"""Cache headers of the plugin's pages: public for the anonymous GET, private for the rest.

A page a visitor without cookies gets is the same for every such visitor (the forms carry no
per-visitor token, ``csrf.py``; the fill-time value is the render's second, ``antispam.py``), so
it is sent with ``Cache-Control: public, max-age=0, s-maxage=PUBLIC_CACHE_SECONDS``: a shared
cache (Varnish, a CDN) may keep it, a visitor's browser asks again. Publishing and every
moderation step purge the page from the front-end cache as before
(``wagtail.contrib.frontend_cache``); the s-maxage bounds what no purge covers (an input window
opening at its hour, places left at a meeting). A browser is not told to keep it, since no
purge reaches a browser: a visitor would see a draw or an answer up to a minute late.

It is public only when all of these hold, and ``private`` (with ``no-store`` where the content
is personal) otherwise:

- a GET or HEAD answered 200 by the page itself (not a preview, not a POST, not an error);
- the request carries no session cookie (a logged-in editor gets a private page), and
  rendering it read no session, set no cookie and asked for no CSRF token;
- the route is not a personal one: no route with a personal link (``token``) and none of
  ``PERSONAL_VIEWS`` (thank-you pages, the steps of e-identification);
- no view restriction covers the page: Wagtail's ``check_view_restrictions`` hook marks such
  responses ``no-cache, no-store, private`` after the page's ``serve()``, which overrides
  ``public`` and takes the max-age to 0 (``patch_cache_control``), and tests check it.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from . import antispam, fragments
from .conf import get_setting

# Routes whose page is about one visitor's own action, even without a token in the path.
PERSONAL_VIEWS = frozenset(
    {
        "contribution_thanks",
        "budget_vote_thanks",
        "budget_vote_eid",
        "e_proposal_eid_begin",
        "e_proposal_eid_return",
    }
)
SAFE_METHODS = ("GET", "HEAD")


def without_cookies(request):
    """Whether the request carries no session, so its visitor is anonymous for certain."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def serve_as_anonymous(request):
    """For a request without a session cookie, answer ``request.user`` without loading the
    session: the visitor is anonymous either way, and a template tag that asks (the site's
    Wagtail user bar) would otherwise mark the session read, and ``SessionMiddleware`` would
    add ``Vary: Cookie`` to a page that is the same for everyone."""
    if without_cookies(request) and hasattr(request, "user"):
        request.user = AnonymousUser()


def _personal(serve_args):
    if len(serve_args) < 3:  # a page without routes
        return False
    view, _args, kwargs = serve_args[:3]
    return "token" in (kwargs or {}) or getattr(view, "__name__", "") in PERSONAL_VIEWS


def _shareable(request, response):
    session = getattr(request, "session", None)
    return (
        request.method in SAFE_METHODS
        and response.status_code == 200
        and without_cookies(request)
        and not (session is not None and session.accessed)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.cookies
    )


def set_cache_headers(request, response, serve_args=()):
    """Mark the page's response public or private (a response that says already is left)."""
    if response.has_header("Cache-Control"):
        return response
    seconds = get_setting("PUBLIC_CACHE_SECONDS")
    if _personal(serve_args) or request.method not in SAFE_METHODS:
        patch_cache_control(response, private=True, no_store=True)
    elif seconds and _shareable(request, response):
        # s-maxage: the shared cache keeps it and is purged on publish and moderation; a
        # browser, which no purge reaches, asks again (max-age=0).
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    else:
        patch_cache_control(response, private=True)
    return response


# --- the whole page, for visitors without cookies --------------------------------------------
#
# What a shared cache may keep (above), the plugin may keep too, and answer without rendering:
# ``cached_page`` keeps the anonymous GET's body under the fragments' generations (fragments.py),
# the page's publish time, the address (host, path and query) and the languages, until the first
# of: a change that bumps a generation, midnight (statuses follow the calendar), a moment the
# page itself names (its input window opening or closing, the first listed meeting ending:
# ``fragments.changes_at``) or PAGE_CACHE_SECONDS. The fill-time value is the one part that
# differs between two renders; it is cut out when the body is kept and the current one put in
# each time it is answered, so the check on the POST sees the second of this answer.

_PAGE_KEY = "mbd:page:{}"


def _route_name(serve_args):
    view = serve_args[0] if serve_args else None
    return getattr(view, "__name__", "index_route") if view is not None else "index_route"


def _page_cacheable(request, page, serve_args):
    return (
        bool(get_setting("PAGE_CACHE_SECONDS"))
        # It rides on the fragments' generations: without them, nothing is kept.
        and bool(get_setting("FRAGMENT_CACHE_SECONDS"))
        and request.method == "GET"
        and not getattr(request, "is_preview", False)
        and without_cookies(request)
        and not _personal(serve_args)
        and _route_name(serve_args) in getattr(page, "page_cache_routes", ())
    )


def _page_key(request, page, serve_args):
    parts = [
        page.pk,
        page.last_published_at.isoformat() if page.last_published_at else "",
        *fragments.generations(request, page),
        _route_name(serve_args),
        translation.get_language() or "",
        getattr(request, "LANGUAGE_CODE", ""),
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        # The page's own moments as its row has them now, even if changed without a save.
        *page.page_cache_changes_at(),
    ]
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return _PAGE_KEY.format(digest)


# Headers the response gets on its way out (set_cache_headers, the middleware), not kept.
_UNKEPT_HEADERS = {"cache-control", "vary", "expires", "set-cookie", "content-length"}


def cached_page(request, page, serve_args, render):
    """The page's response, from the cache when a visitor without cookies asked for it before
    and nothing it shows changed since; ``render()`` makes it (and it is kept) otherwise."""
    if not _page_cacheable(request, page, serve_args):
        return render()
    key = _page_key(request, page, serve_args)
    kept = cache.get(key)
    if kept is not None and (kept["until"] is None or timezone.now() < kept["until"]):
        parts = kept["parts"]
        body = parts[0] if len(parts) == 1 else antispam.make_timestamp().encode().join(parts)
        response = HttpResponse(body)
        for name, value in kept["headers"]:
            response[name] = value
        return response
    first = int(antispam.clock())
    response = render()
    last = int(antispam.clock())
    if (
        response.status_code == 200
        and not response.streaming
        and not response.has_header("Cache-Control")
        and _shareable(request, response)
    ):
        parts = [response.content]
        for second in range(first, last + 1):
            stamp = antispam.make_timestamp(second).encode()
            parts = [piece for part in parts for piece in part.split(stamp)]
        kept = {
            "parts": parts,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _UNKEPT_HEADERS
            ],
            "until": fragments.changes_at(request, page),
        }
        cache.set(key, kept, get_setting("PAGE_CACHE_SECONDS"))
    return response
