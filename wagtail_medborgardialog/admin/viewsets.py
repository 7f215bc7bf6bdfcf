"""The moderation queue: a SnippetViewSet over Contribution, scoped by the moderation right.

Every view of a single contribution (moderate, inspect, history, usage) loads it through
:func:`permissions.get_contribution_or_404`, so rows outside the user's pages, and malformed
ids, answer 404. The snippet chooser and the delete view are not registered.
"""

from datetime import timedelta

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.models import Page
from wagtail.snippets.views.snippets import (
    CreateView,
    HistoryView,
    IndexView,
    InspectView,
    SnippetViewSet,
    UsageView,
)

from .. import permissions
from ..contributions import moderation
from ..exports import formula_safe_preprocess
from ..models import (
    Contribution,
    ContributionChannel,
    ContributionStatus,
    DialogueProcessPage,
    Meeting,
)
from ..models.contributions import ancestor_paths
from ..privacy.retention import can_hard_delete
from .redaction import redact_url

PERSONAL_NUMBER_REQUIRED = _(
    "The text seems to contain a personal identity number. Remove it first "
    "(“Remove part of the text”), or say here why it may be published as it is."
)


def _moderatable_pages(request):
    if request is None:
        return Page.objects.none()
    # The user's pages that hold a contribution: an EXISTS per page through the page_id
    # indexes, not a list of every contribution's page_id (10,000 ids for 10,000 rows).
    return (
        permissions.moderatable_pages(request.user)
        .filter(Exists(Contribution.objects.filter(page_id=OuterRef("pk"))))
        .order_by("title")
    )


def _processes(request):
    if request is None:
        return DialogueProcessPage.objects.none()
    # Only processes that hold contributions (on the process or a page below it): a site
    # with hundreds of processes would otherwise render every one of them as an option.
    paths = (
        permissions.moderatable_pages(request.user)
        .filter(Exists(Contribution.objects.filter(page_id=OuterRef("pk"))))
        .values_list("path", flat=True)
    )
    prefixes = {prefix for path in paths for prefix in ancestor_paths(path)}
    processes = DialogueProcessPage.objects.filter(path__in=prefixes)
    processes = processes.filter(pk__in=permissions.moderatable_pages(request.user).values("pk"))
    return processes.order_by("title")


AGE_CHOICES = [
    ("1", _("1 day")),
    ("3", _("3 days")),
    ("7", _("1 week")),
    ("30", _("30 days")),
]


class ContributionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ContributionStatus.choices)
    page = django_filters.ModelChoiceFilter(label=_("Page"), queryset=_moderatable_pages)
    process = django_filters.ModelChoiceFilter(
        label=_("Citizen dialogue"), queryset=_processes, method="filter_process"
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=ContributionChannel.choices)
    flagged_personal_number = django_filters.BooleanFilter(
        label=_("Contains a personal identity number")
    )
    age = django_filters.ChoiceFilter(
        label=_("Waiting longer than"), choices=AGE_CHOICES, method="filter_age"
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Received"), widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = Contribution
        fields = [
            "status",
            "page",
            "process",
            "channel",
            "flagged_personal_number",
            "age",
            "created_at",
        ]

    def filter_age(self, queryset, name, value):
        return queryset.filter(created_at__lt=timezone.now() - timedelta(days=int(value)))

    def filter_process(self, queryset, name, value):
        # The process page and everything below it (consultations inside a process).
        return queryset.filter(page__path__startswith=value.path)


CITIZEN_FIELDS = ["text", "display_name", "organisation", "reply"]


class PlainColumn(Column):
    """A text column whose cell is written in Python: the same ``<td>`` as Wagtail's
    ``tables/cell.html``, without a template render for each of the page's 20 x 4 cells."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is None or not str(value).strip():
            value = self.empty_value_display
        if self.classname:
            return format_html('<td class="{}">{}</td>', self.classname, value)
        return format_html("<td>{}</td>", value)


class ContributionIndexView(IndexView):
    custom_field_preprocess = formula_safe_preprocess(CITIZEN_FIELDS)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        status = self.filters.form.cleaned_data.get("status") if self._filters_valid else None
        if status and not self.is_explicitly_ordered:
            # One status: the waiting-first rule of get_base_queryset sorts nothing apart, so
            # order by what it comes to (pending oldest first, the others newest first), which
            # the (status, created_at) index serves without sorting every row of the status.
            if status == ContributionStatus.PENDING:
                return queryset.order_by("created_at", "-pk")
            return queryset.order_by("-created_at", "-pk")
        return queryset

    @cached_property
    def _filters_valid(self):
        return bool(self.filters) and self.filters.is_valid()

    def get_base_queryset(self):
        # The oldest waiting contribution first; below them the rest, newest first.
        waiting = Q(status=ContributionStatus.PENDING)
        return (
            permissions.moderatable_contributions(self.request.user)
            .select_related("page")
            .order_by(
                Case(When(waiting, then=0), default=1),
                Case(When(waiting, then=F("created_at"))).asc(nulls_last=True),
                "-created_at",
                "-pk",
            )
        )

    def get_edit_url(self, instance):
        return reverse(self.edit_url_name, args=(quote(instance.pk),))

    @cached_property
    def columns(self):
        # The contribution column opens the moderation view (this viewset's "edit" URL).
        title_column = self._get_title_column_class(TitleColumn)
        return [
            title_column(
                column.name,
                label=column.label,
                accessor=column.accessor,
                get_url=self.get_edit_url,
                # The row's checkbox is described by this id (see Wagtail's snippet listing).
                get_title_id=lambda instance: f"snippet_{quote(instance.pk)}_title",
            )
            if column.name == "excerpt"
            else column
            for column in super().columns
        ]


class ScopedObjectMixin:
    """Load the contribution from the user's moderatable ones: 404 outside them."""

    def get_object(self, queryset=None):
        return permissions.get_contribution_or_404(self.request.user, self.pk)


class ContributionInspectView(ScopedObjectMixin, InspectView):
    pass


class ContributionHistoryView(ScopedObjectMixin, HistoryView):
    pass


class ContributionUsageView(ScopedObjectMixin, UsageView):
    pass


class RegisterContributionForm(forms.ModelForm):
    """An official registers input received outside the website (hybrid input)."""

    class Meta:
        model = Contribution
        fields = ["page", "channel", "meeting", "text", "display_name", "organisation", "email"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            c for c in ContributionChannel.choices if c[0] != ContributionChannel.WEB
        ]
        self.fields["channel"].initial = ContributionChannel.MEETING
        if for_user is not None:
            pages = permissions.moderatable_pages(for_user)
            self.fields["page"].queryset = pages.filter(depth__gt=1).order_by("path")
            # Said at a meeting: the meeting is the source (only meetings on those pages).
            self.fields["meeting"].queryset = Meeting.objects.filter(
                page__in=pages.values("pk")
            ).order_by("-starts_at")

    def clean(self):
        data = super().clean()
        meeting, page = data.get("meeting"), data.get("page")
        if meeting is not None and page is not None and meeting.page_id != page.pk:
            self.add_error("meeting", _("Choose a meeting held on the chosen page."))
        return data


class ContributionCreateView(CreateView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs

    def save_instance(self):
        return moderation.register(self.form.instance, self.request.user)


class ModerateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the author)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reply = forms.CharField(
        label=_("Official reply (shown publicly under the contribution)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Why publish it with the personal identity number? (kept in the history)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


SUCCESS_MESSAGES = {
    "approve": _("The contribution has been published."),
    "reject": _("The contribution has been rejected."),
    "unpublish": _("The contribution has been unpublished."),
    "reply": _("The reply has been saved."),
}


ACTIONS = {
    "approve": lambda c, user, data: moderation.approve(
        c, user, override_reason=data.get("override_reason", "")
    ),
    "reject": lambda c, user, data: moderation.reject(c, user, data.get("reason", "")),
    "unpublish": lambda c, user, data: moderation.unpublish(c, user, data.get("reason", "")),
    "reply": lambda c, user, data: moderation.reply(c, user, data.get("reply", "")),
}


class ContributionViewSet(SnippetViewSet):
    model = Contribution
    icon = "comment"
    menu_label = _("Contributions")
    menu_name = "contributions"
    add_to_admin_menu = True
    menu_order = 250
    url_prefix = "medborgardialog/contributions"
    index_view_class = ContributionIndexView
    inspect_view_class = ContributionInspectView
    history_view_class = ContributionHistoryView
    usage_view_class = ContributionUsageView
    add_view_class = ContributionCreateView
    filterset_class = ContributionFilterSet
    form_fields = ["page", "channel", "meeting", "text", "display_name", "organisation", "email"]
    list_display = [
        Column("excerpt", label=_("Contribution"), accessor="__str__"),
        PlainColumn("page", label=_("Page")),
        PlainColumn("status", label=_("Status"), accessor="get_status_display"),
        PlainColumn("channel", label=_("Channel"), accessor="get_channel_display"),
        # Words, not a bare icon: screen readers read "Yes"/"No" (Ja/Nej).
        PlainColumn(
            "flagged_personal_number",
            label=_("Personal identity number"),
            accessor=lambda c: gettext("Yes") if c.flagged_personal_number else gettext("No"),
        ),
        DateColumn("created_at", label=_("Received")),
    ]
    list_export = [
        "id",
        "page",
        "status",
        "channel",
        "meeting",
        "display_name",
        "organisation",
        "text",
        "reply",
        "created_at",
        "published_at",
    ]
    export_filename = "synpunkter"
    search_fields = ["text", "display_name", "organisation"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "page",
        "status",
        "channel",
        "meeting",
        "text",
        "display_name",
        "organisation",
        "email",
        "flagged_personal_number",
        "created_at",
        "confirmed_at",
        "published_at",
        "rejection_reason",
        "reply",
        "replied_at",
        "anonymised_at",
    ]
    copy_view_enabled = False

    def register_chooser_viewset(self):
        # No snippet chooser for contributions: it would list every contribution of every
        # site to anyone with admin access. Forms that pick one offer a scoped select.
        pass

    def get_form_class(self, for_update=False):
        return RegisterContributionForm

    def get_urlpatterns(self):
        # "Edit" is moderation: citizen text is never edited, only acted upon. Nothing is
        # deleted here either (see ContributionPermissionPolicy).
        patterns = [
            p
            for p in super().get_urlpatterns()
            if getattr(p, "name", None) not in ("edit", "delete")
        ]
        return patterns + [
            path("edit/<str:pk>/", self.moderate_view, name="edit"),
        ]

    def moderate_view(self, request, pk):
        scoped = permissions.moderatable_contributions(request.user).select_related("page")
        contribution = permissions.get_contribution_or_404(request.user, pk, scoped)
        form = ModerateForm(request.POST or None, initial={"reply": contribution.reply})
        if request.method == "POST":
            action = request.POST.get("action")
            if action not in ACTIONS:
                raise Http404
            if form.is_valid():
                try:
                    ACTIONS[action](contribution, request.user, form.cleaned_data)
                except moderation.PersonalNumberNotHandled:
                    # Re-rendered below with the error by the reason field.
                    form.add_error("override_reason", PERSONAL_NUMBER_REQUIRED)
                except moderation.InvalidTransition:
                    messages.error(
                        request, gettext("That action does not apply to this contribution now.")
                    )
                    return redirect(self.get_url_name("edit"), pk=contribution.pk)
                else:
                    messages.success(request, str(SUCCESS_MESSAGES[action]))
                    return redirect(self.get_url_name("edit"), pk=contribution.pk)
        return TemplateResponse(
            request,
            "wagtail_medborgardialog/admin/moderate.html",
            {
                "contribution": contribution,
                "form": form,
                "history_url": reverse(self.get_url_name("history"), args=[contribution.pk]),
                "inspect_url": reverse(self.get_url_name("inspect"), args=[contribution.pk]),
                "index_url": reverse(self.get_url_name("list")),
                "S": ContributionStatus,
                "can_hard_delete": can_hard_delete(request.user, contribution),
                "redact_url": redact_url(contribution),
                "header_icon": self.icon,
                "page_title": gettext("Moderate contribution"),
            },
            status=400 if form.is_bound and form.errors else 200,
        )
