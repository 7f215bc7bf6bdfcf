"""The home page panel: how many contributions wait on each of this moderator's pages."""

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component

from .. import permissions
from ..models import ContributionStatus


class PendingContributionsPanel(Component):
    name = "medborgardialog_pending_contributions"
    template_name = "wagtail_medborgardialog/admin/dashboard_panel.html"
    order = 150

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        url = reverse("wagtailsnippets_wagtail_medborgardialog_contribution:list")
        rows = (
            permissions.moderatable_contributions(self.request.user)
            .filter(status=ContributionStatus.PENDING)
            .values("page_id", "page__title")
            .annotate(count=Count("pk"))
            .order_by("-count", "page__title", "page_id")
        )
        pages = [
            {
                "title": row["page__title"],
                "count": row["count"],
                "url": url + "?" + urlencode({"status": "pending", "page": row["page_id"]}),
            }
            for row in rows
        ]
        return {
            "pending": sum(page["count"] for page in pages),
            "pages": pages,
            "queue_url": url + "?status=pending",
        }

    def render_html(self, parent_context=None):
        # Shown to everyone who moderates some page, even with nothing waiting.
        if not permissions.may_moderate_anywhere(self.request.user):
            return ""
        return super().render_html(parent_context)
