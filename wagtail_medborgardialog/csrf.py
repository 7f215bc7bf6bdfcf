"""Public forms without per-visitor tokens, so a shared cache may keep the pages they are on.

Django's CSRF protection needs a cookie and a matching token in the HTML, which makes every
page with a form different per visitor, and no Varnish or CDN keeps it. POSTs to the plugin's
pages (every public form: contributions, consultation answers, e-förslag, signatures, ballots,
registrations, intresseanmälan, volunteering, page feedback, confirm and cancel buttons) are
checked here instead by where they come from: a browser sends ``Origin`` with every POST (and a
``Referer`` for a same-origin one under Django's default ``same-origin`` referrer policy). A POST
whose ``Origin`` (or, without one, ``Referer``) is not this site or one of
``CSRF_TRUSTED_ORIGINS`` is refused with a readable 403 page; one with neither is refused too.
This is the check Django's own ``CsrfViewMiddleware`` makes before the token; the token adds
nothing a cross-site form can get past here, and these forms act for nobody's session.

Only the plugin's pages are affected: :class:`OriginCheckMiddleware` asks Wagtail which page a
POST is for (``Page.route_for_request``, whose answer Wagtail caches on the request and reuses
to serve it) and leaves every other view, the admin and other page types to Django's token
check. A site opts in by adding the middleware right before Django's ``CsrfViewMiddleware``;
until it does, ``{% public_csrf_token %}`` renders Django's token and the forms work as before
(the system check ``wagtail_medborgardialog.I001`` says so).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils.html import format_html

from .conf import get_setting

MIDDLEWARE_PATH = "wagtail_medborgardialog.csrf.OriginCheckMiddleware"
DJANGO_CSRF = "django.middleware.csrf.CsrfViewMiddleware"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def middleware_order_ok(middleware):
    """Whether ``middleware`` runs the origin check before Django's token check."""
    middleware = list(middleware)
    return (
        MIDDLEWARE_PATH in middleware
        and DJANGO_CSRF in middleware
        and middleware.index(MIDDLEWARE_PATH) < middleware.index(DJANGO_CSRF)
    )


def origin_checked_forms():
    """Whether this site checks the plugin's POSTs by origin (the middleware is installed)."""
    return middleware_order_ok(settings.MIDDLEWARE)


def form_token_html(request):
    """What a public form carries instead of ``{% csrf_token %}``: nothing where the origin
    check is installed (the page is then the same for every visitor), else Django's token."""
    if request is None or origin_checked_forms():
        return ""
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )


def _trusted(origin, request):
    if origin == f"{request.scheme}://{request.get_host()}":
        return True
    parts = urlsplit(origin)
    for trusted in getattr(settings, "CSRF_TRUSTED_ORIGINS", []):
        allowed = urlsplit(trusted)
        if allowed.scheme != parts.scheme:
            continue
        host = allowed.netloc
        if host.startswith("*.") and parts.netloc.endswith(host[1:]):
            return True
        if host == parts.netloc:
            return True
    return False


def same_origin(request):
    """Whether the POST was sent from a page of this site, by its Origin or else its Referer."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        # "null" comes from sandboxed frames, file: pages and privacy-stripped redirects.
        return origin != "null" and _trusted(origin, request)
    referer = request.META.get("HTTP_REFERER")
    if not referer:
        return False
    parts = urlsplit(referer)
    return bool(parts.scheme and parts.netloc) and _trusted(
        f"{parts.scheme}://{parts.netloc}", request
    )


def _plugin_page(request, callback, callback_args, callback_kwargs):
    """The plugin page a request to Wagtail's page-serving view is for, or None."""
    from wagtail.models import Page  # models are not ready when the middleware is imported
    from wagtail.views import serve

    from .models.base import MedborgardialogPageMixin

    if callback is not serve:
        return None
    path = callback_args[0] if callback_args else callback_kwargs.get("path", "")
    route = Page.route_for_request(request, path)
    if route is None or not isinstance(route[0], MedborgardialogPageMixin):
        return None
    return route[0]


class OriginCheckMiddleware:
    """POSTs to the plugin's pages are checked by their origin instead of Django's token; the
    rest is left to Django's ``CsrfViewMiddleware``, which must come after this one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if request.method in SAFE_METHODS or getattr(callback, "csrf_exempt", False):
            return None
        if _plugin_page(request, callback, callback_args, callback_kwargs) is None:
            return None
        # Django's test client asks for no CSRF checks unless told to enforce them.
        if not getattr(request, "_dont_enforce_csrf_checks", False) and not same_origin(request):
            return refused(request)
        # Django's CsrfViewMiddleware.process_view skips a request marked done.
        request.csrf_processing_done = True
        return None


def refused(request):
    """403 with a clear message; a citizen's text is shown back so it is not lost."""
    text = request.POST.get("text", "")
    response = TemplateResponse(
        request,
        "wagtail_medborgardialog/csrf_refused.html",
        {
            "kept_text": text,
            "base_template": get_setting("BASE_TEMPLATE"),
            "medborgardialog_include_css": get_setting("INCLUDE_CSS"),
        },
        status=403,
    )
    response["Cache-Control"] = "private, no-store"
    return response
