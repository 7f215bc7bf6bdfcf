"""Admin screens of meetings and their registrations (intresseanmälningar).

Both viewsets start every view from the user's own rows (``permissions.meetings_for``: meetings
on pages the user may edit; ``permissions.registrations_for``: registrations of meetings on pages
the user may moderate), so another site's rows are not listed and answer 404 by id. Registrations
are personal data: the listing exports them (CSV/XLSX, through the formula guard) for the
organiser, and the retention command culls them after the meeting.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import log

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


class NetworkInterestIndexView(ScopedIndexView):
    custom_field_preprocess = formula_safe_preprocess(INTEREST_TEXT_FIELDS)

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                HeaderButton(
                    _("Accept or decline several"),
                    url=reverse(self.index_url_name.rsplit(":", 1)[0] + ":review"),
                    icon_name="tasks",
                )
            )
        return buttons


#: The bulk decisions: the button's value → the status it sets.
BULK_DECISIONS = {"accept": InterestStatus.ACCEPTED, "decline": InterestStatus.DECLINED}


def review_interests(user, ids, decision):
    """Set ``decision`` on the confirmed intresseanmälningar ``ids`` of ``user``'s own
    networks, all or none: an id outside them (another site's, unconfirmed, culled by the
    retention command, unknown) is a 404 and nothing changes. Returns the rows changed."""
    status = BULK_DECISIONS[decision]
    with transaction.atomic():
        rows = list(
            permissions.network_interests_for(user)
            .filter(pk__in=ids, anonymised_at__isnull=True)
            .exclude(status=InterestStatus.UNCONFIRMED)
            .select_for_update()
        )
        if not ids or len(rows) != len(set(ids)):
            raise Http404
        now = timezone.now()
        for interest in rows:
            if interest.status == status:
                continue
            interest.status, interest.reviewed_at = status, now
            interest.save(update_fields=["status", "reviewed_at"])
            log(instance=interest, action="wagtail.edit", user=user)
    return rows


class NetworkInterestViewSet(RowsViewSet):
    model = NetworkInterest
    rows_for = staticmethod(permissions.network_interests_for)
    index_view_class = NetworkInterestIndexView
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

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("review/", self.review_view, name="review"),
        ]

    def review_view(self, request):
        """Accept or decline several confirmed intresseanmälningar at once (no script needed:
        a list of checkboxes and two buttons)."""
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        index_url = reverse(f"{self.name}:index")
        if request.method == "POST":
            decision = request.POST.get("decision")
            if decision not in BULK_DECISIONS:
                raise Http404
            try:
                ids = [int(value) for value in request.POST.getlist("interest")]
            except ValueError:
                raise Http404 from None
            if not ids:
                messages.error(request, _("Choose at least one intresseanmälan."))
                return HttpResponseRedirect(request.path)
            rows = review_interests(request.user, ids, decision)
            text = (
                ngettext(
                    "%(count)d intresseanmälan accepted.",
                    "%(count)d intresseanmälningar accepted.",
                    len(rows),
                )
                if decision == "accept"
                else ngettext(
                    "%(count)d intresseanmälan declined.",
                    "%(count)d intresseanmälningar declined.",
                    len(rows),
                )
            )
            messages.success(request, text % {"count": len(rows)})
            return HttpResponseRedirect(index_url)
        interests = (
            permissions.network_interests_for(request.user)
            .filter(status=InterestStatus.RECEIVED, anonymised_at__isnull=True)
            .select_related("page")
            .order_by("page__path", "created_at", "pk")
        )
        return TemplateResponse(
            request,
            "wagtail_medborgardialog/admin/network_interest_review.html",
            {
                "page_title": _("Accept or decline intresseanmälningar"),
                "interests": interests,
                "index_url": index_url,
            },
        )
