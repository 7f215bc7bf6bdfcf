"""Behaviour shared by every page type of the plugin.

Page behaviour lives in mixins so sites can compose their own page types. A mixin that adds
public routes decorates its views with ``wagtail.contrib.routable_page.models.path`` but does
not inherit ``RoutablePageMixin``: the concrete page lists ``RoutablePageMixin`` once, and it
collects the routes of every mixin. ``MedborgardialogPageMixin`` comes before it, so that its
``serve()`` wraps every route in the page's language.
"""

from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale, Page

from .. import caching
from ..conf import get_setting
from .feedback import PageFeedbackMixin
from .meetings import MeetingRoutesMixin


class MedborgardialogPageMixin:
    """Gives each page type's template the site's base template and the plugin's CSS switch,
    and serves the page in the language of its content.
    """

    def content_language(self):
        """The language the page is written in: its Wagtail locale's (the site's default
        locale for a page not yet placed in the tree)."""
        if self.locale_id:
            return self.locale.language_code
        try:
            return Locale.get_default().language_code
        except Locale.DoesNotExist:  # LANGUAGE_CODE changed after the locales were made
            return translation.get_language()

    # Routes whose whole page a visitor without cookies may get from the cache
    # (caching.cached_page); a page type names them when everything they show is covered by
    # the fragments' generations, its publish time, the date and page_cache_changes_at().
    page_cache_routes = frozenset()

    def page_cache_changes_at(self):
        """Moments at which the page changes by itself (for caching.cached_page)."""
        return []

    def serve(self, request, *args, **kwargs):
        # The page's locale decides its language, not the browser or LANGUAGE_CODE: the
        # interface strings, <html lang> and the language stored with a contribution then
        # match the content (WCAG 3.1.1). Rendering happens here, inside the language.
        caching.serve_as_anonymous(request)
        serve = super().serve
        with translation.override(self.content_language()):
            response = caching.cached_page(
                request, self, args, lambda: render_now(serve(request, *args, **kwargs))
            )
        return caching.set_cache_headers(request, response, args)

    def serve_preview(self, request, *args, **kwargs):
        with translation.override(self.content_language()):
            return render_now(super().serve_preview(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = get_setting("BASE_TEMPLATE")
        context["medborgardialog_include_css"] = get_setting("INCLUDE_CSS")
        return context


class AbstractMedborgardialogPage(
    MedborgardialogPageMixin, RoutablePageMixin, PageFeedbackMixin, MeetingRoutesMixin, Page
):
    """What every page type of the plugin shares: the page's language and base template, the
    routes (``RoutablePageMixin`` listed once), the page feedback question and the dates the
    page shows. A site composes its own pages from the area bases built on this one.
    """

    class Meta:
        abstract = True

    @property
    def last_updated(self):
        """The date shown as "Last updated" (includes/page_dates.html)."""
        return self.last_published_at or self.latest_revision_created_at


def render_now(response):
    """Render a lazy TemplateResponse now, in the active language, and say which it is."""
    if callable(getattr(response, "render", None)) and not response.is_rendered:
        response.render()
    if not response.has_header("Content-Language"):
        response["Content-Language"] = translation.get_language()
    return response
