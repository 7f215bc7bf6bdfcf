"""Admin screens of meetings and their registrations (intresseanmälningar).

Both viewsets start every view from the user's own rows (``permissions.meetings_for``: meetings
on pages the user may edit; ``permissions.registrations_for``: registrations of meetings on pages
the user may moderate), so another site's rows are not listed and answer 404 by id. Registrations
are personal data: the listing exports them (CSV/XLSX, through the formula guard) for the
organiser, and the retention command culls them after the meeting.
"""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView

from .. import permissions
from ..exports import formula_safe_preprocess
from ..meetings.registrations import cancel, promote_after_change
from ..models import InterestStatus, Meeting, NetworkInterest, Registration
from ..models.meetings import MeetingRoutesMixin, RegistrationStatus
from .contracts import ScopedIndexView, ScopedModelViewSet, ScopedObjectMixin

REGISTRATION_TEXT_FIELDS = [
    "name",
    "email",
    "organisation",
    "role",
    "needs_food",
    "needs_access",
    "needs_interpretation",
]

INTEREST_TEXT_FIELDS = ["name", "email", "organisation", "role", "municipality", "phone", "message"]


def _meetings_of_request(request):
    if request is None:
        return Meeting.objects.none()
    return permissions.meetings_for(request.user).order_by("-starts_at")


class RegistrationFilterSet(WagtailFilterSet):
    # Only the user's own meetings are offered: another site's titles are not listed.
    meeting = django_filters.ModelChoiceFilter(label=_("Meeting"), queryset=_meetings_of_request)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RegistrationStatus.choices)

    class Meta:
        model = Registration
        fields = ["meeting", "status"]


class MeetingAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "page" in self.fields and for_user is not None:
            field = self.fields["page"]
            field.widget = forms.Select()
            field.queryset = (
                permissions.editable_pages(for_user).filter(depth__gt=1).order_by("path")
            )

    def clean_page(self):
        page = self.cleaned_data["page"]
        if page is not None and not issubclass(page.specific_class or object, MeetingRoutesMixin):
            raise forms.ValidationError(
                _("Choose a dialogue, consultation, contract or other citizen dialogue page.")
            )
        return page


class MeetingCreateView(CreateView):
    pass


class RowEditView(ScopedObjectMixin, EditView):
    pass


class RowDeleteView(ScopedObjectMixin, DeleteView):
    pass


class RowsViewSet(ScopedModelViewSet):
    """The contract screens' scoping, without their contract-page purge."""

    edit_view_class = RowEditView
    delete_view_class = RowDeleteView


class RegistrationDeleteView(RowDeleteView):
    """Deleting a registration that held a place gives the place to the waiting list."""

    def delete_action(self):
        cancel(self.object)
        super().delete_action()


class MeetingEditView(ScopedObjectMixin, EditView):
    """Raising the capacity (or removing it) gives the new places to the waiting list."""

    def save_instance(self):
        instance = super().save_instance()
        promote_after_change(instance)
        return instance


class MeetingViewSet(RowsViewSet):
    model = Meeting
    rows_for = staticmethod(permissions.meetings_for)
    add_view_class = MeetingCreateView
    edit_view_class = MeetingEditView
    icon = "date"
    menu_label = _("Meetings")
    add_to_admin_menu = True
    menu_order = 320
    list_display = ["title", "page", "starts_at", "capacity", "registration_closed"]
    list_filter = ["registration_closed"]
    search_fields = ["title", "place"]
    ordering = ["-starts_at", "-pk"]
    inspect_view_enabled = True
    edit_handler = ObjectList(Meeting.panels, base_form_class=MeetingAdminForm)


class RegistrationIndexView(ScopedIndexView):
    custom_field_preprocess = formula_safe_preprocess(REGISTRATION_TEXT_FIELDS)


class RegistrationViewSet(RowsViewSet):
    """Registrations are made by the public; the organiser reads, filters and exports them."""

    model = Registration
    rows_for = staticmethod(permissions.registrations_for)
    index_view_class = RegistrationIndexView
    delete_view_class = RegistrationDeleteView
    icon = "user"
    menu_label = _("Registrations")
    add_to_admin_menu = True
    menu_order = 330
    list_display = [
        "name",
        "meeting",
        Column("status", label=_("Status"), accessor="get_status_display"),
        "position",
        "organisation",
        "created_at",
    ]
    filterset_class = RegistrationFilterSet
    list_export = [
        "meeting",
        "status",
        "position",
        *REGISTRATION_TEXT_FIELDS,
        "created_at",
        "confirmed_at",
        "cancelled_at",
    ]
    export_filename = "anmalningar"
    search_fields = ["name", "email", "organisation"]
    ordering = ["meeting", "status", "position", "created_at"]
    inspect_view_enabled = True
    form_fields = ["name", "organisation", "role"]


# --- networks ---------------------------------------------------------------------------------


class InterestReviewForm(WagtailAdminModelForm):
    """The organiser accepts or declines a confirmed intresseanmälan."""

    class Meta:
        model = NetworkInterest
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            choice for choice in InterestStatus.choices if choice[0] != InterestStatus.UNCONFIRMED
        ]

    def save(self, commit=True):
        self.instance.reviewed_at = timezone.now()
        return super().save(commit)


class NetworkInterestViewSet(RowsViewSet):
    model = NetworkInterest
    rows_for = staticmethod(permissions.network_interests_for)
    index_view_class = type(
        "NetworkInterestIndexView",
        (ScopedIndexView,),
        {"custom_field_preprocess": formula_safe_preprocess(INTEREST_TEXT_FIELDS)},
    )
    icon = "group"
    menu_label = _("Network interest")
    add_to_admin_menu = True
    menu_order = 340
    list_display = [
        "name",
        "page",
        "organisation",
        Column("status", label=_("Status"), accessor="get_status_display"),
        "created_at",
    ]
    list_filter = ["status"]
    list_export = ["page", "status", *INTEREST_TEXT_FIELDS, "created_at", "confirmed_at"]
    export_filename = "intresseanmalningar"
    search_fields = ["name", "email", "organisation", "municipality"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    edit_handler = ObjectList([FieldPanel("status")], base_form_class=InterestReviewForm)
