"""Admin screens of community contracts: stakeholders, follow-up updates, cited contributions.

The viewsets live here; ``wagtail_hooks.py`` only registers them.

Follow-up updates and cited contributions belong to one site's contract: every view of them
starts from the user's own rows (``permissions.commitment_updates_for`` /
``commitment_sources_for``: commitments on pages the user may edit), so another site's rows are
not listed and answer 404 by id. Stakeholders are organisations, a vocabulary shared by every
site (docs/architecture.md, "Permissions").
"""

from django.contrib.admin.utils import unquote
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    InspectView,
    UsageView,
)
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .. import permissions
from ..contracts.follow_up import purge_contract_page, record_update
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


class ScopedIndexView(IndexView):
    """The listing holds only the user's own rows."""

    rows_for = None  # user -> the rows this user may see (set by the viewset)

    def get_base_queryset(self):
        # The rows' foreign keys are listed as columns: joined, so the queries stay flat.
        related = [field.name for field in self.model._meta.concrete_fields if field.is_relation]
        return self.rows_for(self.request.user).select_related(*related)


class ScopedObjectMixin:
    """Load the row by id from the user's own rows: 404 for another site's row, and for a
    malformed id."""

    rows_for = None

    def get_object(self, queryset=None):
        return permissions.get_in_scope_or_404(
            self.rows_for(self.request.user), unquote(str(self.kwargs["pk"]))
        )


class ScopedEditView(ScopedObjectMixin, EditView):
    """A correction of an update or a citation changes the public contract page: purge it."""

    def save_instance(self):
        instance = super().save_instance()
        purge_contract_page(instance.commitment)
        return instance


class ScopedDeleteView(ScopedObjectMixin, DeleteView):
    def delete_action(self):
        commitment = self.object.commitment
        super().delete_action()
        purge_contract_page(commitment)


class ScopedInspectView(ScopedObjectMixin, InspectView):
    pass


class ScopedUsageView(ScopedObjectMixin, UsageView):
    pass


class ScopedHistoryView(HistoryView):
    rows_for = None

    def get_base_object_queryset(self):
        return self.rows_for(self.request.user)

    def get_object(self):
        return permissions.get_in_scope_or_404(self.get_base_object_queryset(), self.pk)


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view of rows goes through ``rows_for(user)``."""

    rows_for = None
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    usage_view_class = ScopedUsageView
    history_view_class = ScopedHistoryView
    # "Copy" would prefill the add form from any row by id, and save past record_update().
    copy_view_enabled = False

    def _scoped(self, kwargs):
        return {"rows_for": type(self).rows_for, **kwargs}

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**self._scoped(kwargs))

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self._scoped(kwargs))

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(**self._scoped(kwargs))

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(**self._scoped(kwargs))

    def get_usage_view_kwargs(self, **kwargs):
        return super().get_usage_view_kwargs(**self._scoped(kwargs))

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(**self._scoped(kwargs))


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


class CommitmentUpdateViewSet(ScopedModelViewSet):
    model = CommitmentUpdate
    rows_for = staticmethod(permissions.commitment_updates_for)
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


class CommitmentSourceViewSet(ScopedModelViewSet):
    """Citing published contributions on commitments ("you said, we did")."""

    model = CommitmentSource
    rows_for = staticmethod(permissions.commitment_sources_for)
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
