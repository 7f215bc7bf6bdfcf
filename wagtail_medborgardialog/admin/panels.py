"""The home page panel: how many contributions wait for this moderator."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from ..models import Contribution
from .permissions import publishable_pages


class PendingContributionsPanel(Component):
    name = "medborgardialog_pending_contributions"
    template_name = "wagtail_medborgardialog/admin/dashboard_panel.html"
    order = 150

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        pending = Contribution.objects.moderatable_by(self.request.user).pending().count()
        url = reverse("wagtailsnippets_wagtail_medborgardialog_contribution:list")
        return {"pending": pending, "queue_url": url + "?status=pending"}

    def render_html(self, parent_context=None):
        # Shown to everyone who may publish some page, even with nothing waiting.
        user = self.request.user
        if not user.is_superuser and not publishable_pages(user).exists():
            return ""
        return super().render_html(parent_context)
