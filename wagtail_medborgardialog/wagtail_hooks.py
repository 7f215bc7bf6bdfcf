"""Registrations with Wagtail's admin: menus, panels, viewsets, task types."""

# ---------------------------------------------------------------------------
# Community contracts: stakeholders and follow-up updates
# ---------------------------------------------------------------------------

from django.utils.translation import gettext_lazy as _  # noqa: E402
from wagtail import hooks  # noqa: E402
from wagtail.admin.viewsets.model import ModelViewSet  # noqa: E402
from wagtail.snippets.models import register_snippet  # noqa: E402
from wagtail.snippets.views.snippets import SnippetViewSet  # noqa: E402

from .admin_filters import CommitmentUpdateFilterSet, StakeholderFilterSet  # noqa: E402
from .models import CommitmentUpdate, Stakeholder  # noqa: E402


class StakeholderViewSet(SnippetViewSet):
    model = Stakeholder
    icon = "group"
    menu_label = _("Stakeholders")
    list_display = ["name", "kind"]
    filterset_class = StakeholderFilterSet
    ordering = ["name"]


register_snippet(StakeholderViewSet)


class CommitmentUpdateViewSet(ModelViewSet):
    model = CommitmentUpdate
    icon = "tasks"
    menu_label = _("Contract follow-up")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["date", "commitment", "new_status", "new_progress", "reported_by"]
    filterset_class = CommitmentUpdateFilterSet
    search_fields = ["change", "reported_by"]
    ordering = ["-date", "-pk"]
    inspect_view_enabled = True
    form_fields = [
        "commitment",
        "date",
        "reported_by",
        "change",
        "new_status",
        "new_progress",
        "meeting_on",
    ]


@hooks.register("register_admin_viewset")
def register_commitment_update_viewset():
    return CommitmentUpdateViewSet("medborgardialog_commitment_updates")
