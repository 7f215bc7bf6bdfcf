"""A site that serves every page without a language prefix (no i18n_patterns): with
LocaleMiddleware the browser's preference becomes the active language."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [path("", include(wagtail_urls))]
