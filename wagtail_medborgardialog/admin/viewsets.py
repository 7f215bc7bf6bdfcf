"""The moderation queue: a SnippetViewSet over Contribution, limited by page permissions."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.models import Page
from wagtail.snippets.views.snippets import CreateView, IndexView, SnippetViewSet

from .. import moderation
from ..models import Contribution, ContributionChannel, ContributionStatus
from ..privacy import can_hard_delete
from ..spreadsheets import formula_safe_preprocess
from .permissions import publishable_pages
from .redaction import redact_url

PERSONAL_NUMBER_REQUIRED = _(
    "The text seems to contain a personal identity number. Remove it first "
    "(“Remove part of the text”), or say here why it may be published as it is."
)


def _moderatable_pages(request):
    if request is None:
        return Page.objects.none()
    return Page.objects.filter(
        pk__in=Contribution.objects.moderatable_by(request.user).values("page_id")
    ).order_by("title")


def _processes(request):
    from ..models import DialogueProcessPage

    if request is None:
        return DialogueProcessPage.objects.none()
    # Only processes that hold contributions (on the process or a page below it): a site
    # with hundreds of processes would otherwise render every one of them as an option.
    paths = Page.objects.filter(
        Exists(Contribution.objects.filter(page_id=OuterRef("pk")))
    ).values_list("path", flat=True)
    steplen = Page.steplen
    prefixes = {path[:end] for path in paths for end in range(steplen, len(path) + 1, steplen)}
    processes = DialogueProcessPage.objects.filter(path__in=prefixes)
    if not request.user.is_superuser:
        processes = processes.filter(pk__in=publishable_pages(request.user).values("pk"))
    return processes.order_by("title")


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
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Received"), widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = Contribution
        fields = ["status", "page", "process", "channel", "flagged_personal_number", "created_at"]

    def filter_process(self, queryset, name, value):
        # The process page and everything below it (consultations inside a process).
        return queryset.filter(page__path__startswith=value.path)


CITIZEN_FIELDS = ["text", "display_name", "organisation", "reply"]


class ContributionIndexView(IndexView):
    custom_field_preprocess = formula_safe_preprocess(CITIZEN_FIELDS)

    def get_base_queryset(self):
        return (
            Contribution.objects.moderatable_by(self.request.user)
            .select_related("page")
            .order_by("-created_at", "-pk")
        )

    def get_edit_url(self, instance):
        return reverse(self.edit_url_name, args=(quote(instance.pk),))


class RegisterContributionForm(forms.ModelForm):
    """An official registers input received outside the website (hybrid input)."""

    class Meta:
        model = Contribution
        fields = ["page", "channel", "text", "display_name", "organisation", "email"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            c for c in ContributionChannel.choices if c[0] != ContributionChannel.WEB
        ]
        self.fields["channel"].initial = ContributionChannel.MEETING
        if for_user is not None:
            pages = publishable_pages(for_user) if not for_user.is_superuser else Page.objects
            self.fields["page"].queryset = pages.filter(depth__gt=1).order_by("path")


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
    add_view_class = ContributionCreateView
    filterset_class = ContributionFilterSet
    form_fields = ["page", "channel", "text", "display_name", "organisation", "email"]
    list_display = [
        Column("excerpt", label=_("Contribution"), accessor="__str__"),
        Column("page", label=_("Page")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("channel", label=_("Channel"), accessor="get_channel_display"),
        # Words, not a bare icon: screen readers read "Yes"/"No" (Ja/Nej).
        Column(
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

    def get_form_class(self, for_update=False):
        return RegisterContributionForm

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if getattr(p, "name", None) != "edit"]
        # "Edit" is moderation: citizen text is never edited, only acted upon.
        return patterns + [
            path("edit/<str:pk>/", self.moderate_view, name="edit"),
        ]

    def moderate_view(self, request, pk):
        contribution = get_object_or_404(
            Contribution.objects.moderatable_by(request.user).select_related("page"), pk=pk
        )
        if not moderation.can_moderate(request.user, contribution):
            raise PermissionDenied
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
