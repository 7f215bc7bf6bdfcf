"""Behaviour shared by every page type of the plugin.

Page behaviour lives in mixins so sites can compose their own page types. A mixin that adds
public routes decorates its views with ``wagtail.contrib.routable_page.models.path`` but does
not inherit ``RoutablePageMixin``: the concrete page lists ``RoutablePageMixin`` first in its
bases, once, and it collects the routes of every mixin.
"""

from ..conf import get_setting


class MedborgardialogPageMixin:
    """Gives each page type's template the site's base template and the plugin's CSS switch."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = get_setting("BASE_TEMPLATE")
        context["medborgardialog_include_css"] = get_setting("INCLUDE_CSS")
        return context
