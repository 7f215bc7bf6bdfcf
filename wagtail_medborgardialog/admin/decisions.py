"""The decision register: the political decisions on record, filterable and exportable.

Each user sees the decisions about the pages they have any permission on (their Site's tree),
and records or corrects decisions only about pages they may publish: the deciding body's
pages. Superusers see and edit every decision, also those whose page was deleted.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet

from ..exports import formula_safe_preprocess
from ..models.decisions import Decision, DecisionKind
from ..permissions import editable_decisions, publishable_pages, visible_decisions


def deciding_body_choices(decisions=None):
    decisions = Decision.objects.all() if decisions is None else decisions
    bodies = decisions.order_by("deciding_body").values_list("deciding_body", flat=True)
    return [(body, body) for body in bodies.distinct()]


class DecisionFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind of decision"), choices=DecisionKind.choices)
    deciding_body = django_filters.ChoiceFilter(
        label=_("Deciding body"), choices=deciding_body_choices
    )
    decision_date = django_filters.DateFromToRangeFilter(
        label=_("Decision date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Decision
        fields = ["kind", "deciding_body", "decision_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the deciding bodies of the decisions the user may see.
        user = getattr(self.request, "user", None)
        if user is not None:
            self.filters["deciding_body"].extra["choices"] = deciding_body_choices(
                visible_decisions(user)
            )


def page_edit_url(decision):
    if decision.page_id:
        return reverse("wagtailadmin_pages:edit", args=[decision.page_id])
    return None


class DecisionAdminForm(WagtailAdminModelForm):
    """Decisions only about pages the user may publish; every decision is about a page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page_field = self.fields.get("page")
        if page_field is not None and self.for_user is not None:
            page_field.queryset = publishable_pages(self.for_user).order_by("path")
            page_field.required = not self.for_user.is_superuser or not self.instance.pk

    def clean_page(self):
        page = self.cleaned_data.get("page")
        if page is None and self.instance.pk and self.for_user.is_superuser:
            return page  # a decision whose page was deleted stays a record
        if page is None:
            raise ValidationError(_("Choose the page the decision is about."))
        return page

    def clean_decision_date(self):
        decided = self.cleaned_data.get("decision_date")
        if decided and decided > timezone.localdate():
            raise ValidationError(_("A decision cannot be dated in the future."))
        return decided

    def save(self, commit=True):
        decision = super().save(commit=False)
        if decision.page_id:
            decision.page_title = decision.page.title[:255]
        if not decision.pk and self.for_user is not None:
            decision.decided_by = self.for_user
        if commit:
            decision.save()
        return decision


class DecisionIndexView(IndexView):
    # Text typed into the register goes through the same spreadsheet guard as citizen text.
    custom_field_preprocess = formula_safe_preprocess(
        ["deciding_body", "case_number", "minutes_paragraph", "minutes_url", "get_page_title"]
    )

    def get_base_queryset(self):
        return (
            visible_decisions(self.request.user)
            .select_related("page", "decided_by")
            .order_by(*self.model._meta.ordering)
        )


class ScopedObjectMixin:
    """A decision outside the user's scope does not exist for them (404)."""

    scope = staticmethod(visible_decisions)

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.scope(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class DecisionEditView(ScopedObjectMixin, generic.EditView):
    scope = staticmethod(editable_decisions)


class DecisionDeleteView(ScopedObjectMixin, generic.DeleteView):
    scope = staticmethod(editable_decisions)


class DecisionInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class DecisionHistoryView(ScopedObjectMixin, HistoryView):
    pass


class DecisionViewSet(ModelViewSet):
    model = Decision
    index_view_class = DecisionIndexView
    edit_view_class = DecisionEditView
    delete_view_class = DecisionDeleteView
    inspect_view_class = DecisionInspectView
    history_view_class = DecisionHistoryView
    icon = "clipboard-list"
    menu_label = _("Decisions")
    menu_name = "medborgardialog-decisions"
    add_to_admin_menu = True
    menu_order = 900
    url_prefix = "medborgardialog/decisions"
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = DecisionFilterSet
    search_fields = ["deciding_body", "case_number", "page_title"]
    ordering = ["-decision_date", "-created_at"]
    list_display = [
        "case_number",
        Column("kind", label=_("Kind of decision"), accessor="get_kind_display"),
        "deciding_body",
        Column("decision_date", label=_("Decision date"), sort_key="decision_date"),
        "minutes_paragraph",
        TitleColumn("page", label=_("Page"), accessor="get_page_title", get_url=page_edit_url),
    ]
    list_export = [
        "kind",
        "decided_text",
        "deciding_body",
        "decision_date",
        "case_number",
        "minutes_paragraph",
        "minutes_url",
        "get_page_title",
        "page_id",
        "revision_id",
        "decided_by",
        "created_at",
    ]
    export_headings = {"get_page_title": _("Page"), "page_id": _("Page ID")}
    export_filename = "beslut"
    edit_handler = ObjectList(
        [
            # A plain list of the pages the user may publish (see DecisionAdminForm), not
            # the page chooser, which would browse the whole tree.
            FieldPanel("page", widget=forms.Select),
            FieldPanel("kind"),
            FieldPanel("decided_text"),
            FieldPanel("deciding_body"),
            FieldPanel("decision_date"),
            FieldPanel("case_number"),
            FieldPanel("minutes_paragraph"),
            FieldPanel("minutes_url"),
        ],
        base_form_class=DecisionAdminForm,
    )


decision_viewset = DecisionViewSet("medborgardialog_decisions")
