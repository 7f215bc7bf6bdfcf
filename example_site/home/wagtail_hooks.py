from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Notice


class NoticeViewSet(SnippetViewSet):
    """A plain snippet listing; the benchmarks compare the moderation queue with it."""

    model = Notice
    icon = "info-circle"
    list_display = ["title", DateColumn("created_at", label=_("Created"))]
    list_filter = ["created_at"]
    search_fields = ["title", "body"]


register_snippet(NoticeViewSet)
