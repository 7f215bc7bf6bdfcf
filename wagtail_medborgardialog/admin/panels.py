"""The home page panel: how many contributions wait for this moderator."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from ..models import Contribution


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
        if (
            not self.request.user.is_superuser
            and not Contribution.objects.moderatable_by(self.request.user).exists()
        ):
            return ""
        return super().render_html(parent_context)
