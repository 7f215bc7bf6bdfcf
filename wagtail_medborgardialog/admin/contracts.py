"""Admin screens of community contracts: stakeholders, follow-up updates, cited contributions.

The viewsets live here; ``wagtail_hooks.py`` only registers them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..contracts.follow_up import record_update
from ..contracts.forms import CommitmentSourceAdminForm, CommitmentUpdateAdminForm
from ..models import CommitmentSource, CommitmentUpdate, Stakeholder
from .filters import CommitmentUpdateFilterSet, StakeholderFilterSet


class StakeholderViewSet(SnippetViewSet):
    model = Stakeholder
    icon = "group"
    menu_label = _("Stakeholders")
    list_display = ["name", "kind"]
    filterset_class = StakeholderFilterSet
    ordering = ["name"]


class CommitmentUpdateCreateView(CreateView):
    """Records the update through :func:`record_update`, the one way follow-up is recorded,
    which also logs it as follow-up and purges the contract page."""

    def save_instance(self):
        data = self.form.cleaned_data
        return record_update(
            data["commitment"],
            date=data["date"],
            reported_by=data["reported_by"],
            change=data["change"],
            status=data["new_status"],
            progress=data["new_progress"],
            meeting_on=data.get("meeting_on"),
            user=self.request.user,
        )


class CommitmentUpdateViewSet(ModelViewSet):
    model = CommitmentUpdate
    add_view_class = CommitmentUpdateCreateView
    icon = "tasks"
    menu_label = _("Contract follow-up")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["date", "commitment", "new_status", "new_progress", "reported_by"]
    filterset_class = CommitmentUpdateFilterSet
    search_fields = ["change", "reported_by"]
    ordering = ["-date", "-pk"]
    inspect_view_enabled = True
    edit_handler = ObjectList(CommitmentUpdate.panels, base_form_class=CommitmentUpdateAdminForm)


class CommitmentSourceViewSet(ModelViewSet):
    """Citing published contributions on commitments ("you said, we did")."""

    model = CommitmentSource
    icon = "openquote"
    menu_label = _("Cited contributions")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["commitment", "contribution", "note", "created_at"]
    search_fields = ["note", "commitment__text"]
    ordering = ["-pk"]
    edit_handler = ObjectList(
        [FieldPanel("commitment"), FieldPanel("contribution"), FieldPanel("note")],
        base_form_class=CommitmentSourceAdminForm,
    )
