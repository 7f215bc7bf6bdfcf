"""The example site's public API: Wagtail's pages endpoint with one guard in front.

Wagtail passes query parameters to the database as they come. PostgreSQL refuses strings
holding a NUL character, and ``/api/v2/pages/?search=%00`` answered 500. Until Wagtail
refuses them itself, sites that enable the API should guard it like this (400).
"""

from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet


class GuardedPagesAPIViewSet(PagesAPIViewSet):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise BadRequestError(f"query parameter {name!r} contains a NUL character")
