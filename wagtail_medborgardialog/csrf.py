"""Public forms without per-visitor tokens, so a shared cache may keep the pages they are on.

Django's CSRF protection needs a cookie and a matching token in the HTML, which makes every
page with a form different per visitor. For anonymous visitors this module checks instead where
the POST comes from: a browser sends ``Origin`` with every POST (and ``Referer`` for a
same-origin one, under the ``same-origin`` referrer policy); a post from another site is
refused. An anonymous visitor has no session a forged post could act with, so the origin check
is the whole defence needed; logged-in users keep Django's token check.

A site opts in by adding :class:`OriginCheckMiddleware` to ``MIDDLEWARE`` right before
Django's ``CsrfViewMiddleware`` (which stays, for everyone else); until it does, the public forms
keep rendering Django's token (``{% public_csrf_token %}``) and work as before.
"""

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.template.response import TemplateResponse

MIDDLEWARE_PATH = "wagtail_medborgardialog.csrf.OriginCheckMiddleware"
DJANGO_CSRF = "django.middleware.csrf.CsrfViewMiddleware"


def middleware_order_ok(middleware):
    """Whether ``middleware`` runs our origin check before Django's token check."""
    middleware = list(middleware)
    return (
        MIDDLEWARE_PATH in middleware
        and DJANGO_CSRF in middleware
        and middleware.index(MIDDLEWARE_PATH) < middleware.index(DJANGO_CSRF)
    )


@cache
def origin_checked_forms():
    """Whether this site checks anonymous posts by origin (our middleware is installed)."""
    return middleware_order_ok(settings.MIDDLEWARE)


def _anonymous(request):
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def needs_token(request):
    """Whether a form on this response must carry Django's CSRF token."""
    return not origin_checked_forms() or not _anonymous(request)


def _allowed_origins(request):
    origins = {f"{request.scheme}://{request.get_host()}"}
    origins.update(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    return origins


def same_origin(request):
    """Whether the POST was sent from a page of this site, by its Origin or else its Referer."""
    allowed = _allowed_origins(request)
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        # "null" comes from sandboxed frames and privacy-stripped redirects: not ours.
        return origin in allowed
    referer = request.META.get("HTTP_REFERER")
    if not referer:
        return False
    parts = urlsplit(referer)
    return f"{parts.scheme}://{parts.netloc}" in allowed


class OriginCheckMiddleware:
    """Anonymous POSTs are checked by their origin instead of Django's token; the rest is left
    to Django's ``CsrfViewMiddleware``, which must come after this one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if (
            request.method in ("GET", "HEAD", "OPTIONS", "TRACE")
            or getattr(callback, "csrf_exempt", False)
            # Django's test client asks for no CSRF checks unless told to enforce them.
            or getattr(request, "_dont_enforce_csrf_checks", False)
            or not _anonymous(request)
        ):
            return None
        if not same_origin(request):
            return refused(request)
        # Django's CsrfViewMiddleware.process_view skips a request marked done.
        request.csrf_processing_done = True
        return None


def refused(request):
    """403 with a clear message; a citizen's text is shown back so it is not lost."""
    text = request.POST.get("text", "") if request.method == "POST" else ""
    return TemplateResponse(
        request,
        "wagtail_medborgardialog/csrf_refused.html",
        {"kept_text": text},
        status=403,
    )
