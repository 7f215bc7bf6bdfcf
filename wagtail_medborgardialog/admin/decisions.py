"""The decision register: every political decision on record, filterable and exportable."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from ..models.decisions import Decision
from ..spreadsheets import formula_safe_preprocess


def deciding_body_choices():
    bodies = Decision.objects.order_by("deciding_body").values_list("deciding_body", flat=True)
    return [(body, body) for body in bodies.distinct()]


class DecisionFilterSet(WagtailFilterSet):
    deciding_body = django_filters.ChoiceFilter(
        label=_("Deciding body"), choices=deciding_body_choices
    )
    decision_date = django_filters.DateFromToRangeFilter(
        label=_("Decision date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Decision
        fields = ["deciding_body", "decision_date"]


def page_edit_url(decision):
    if decision.page_id:
        return reverse("wagtailadmin_pages:edit", args=[decision.page_id])
    return None


class DecisionIndexView(IndexView):
    # Text typed into the register goes through the same spreadsheet guard as citizen text.
    custom_field_preprocess = formula_safe_preprocess(
        ["deciding_body", "case_number", "minutes_paragraph", "minutes_url", "get_page_title"]
    )

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "decided_by")


class DecisionViewSet(ModelViewSet):
    model = Decision
    index_view_class = DecisionIndexView
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
        "deciding_body",
        Column("decision_date", label=_("Decision date"), sort_key="decision_date"),
        "minutes_paragraph",
        TitleColumn("page", label=_("Page"), accessor="get_page_title", get_url=page_edit_url),
    ]
    list_export = [
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
    panels = [
        FieldPanel("page"),
        FieldPanel("deciding_body"),
        FieldPanel("decision_date"),
        FieldPanel("case_number"),
        FieldPanel("minutes_paragraph"),
        FieldPanel("minutes_url"),
    ]


decision_viewset = DecisionViewSet("medborgardialog_decisions")
