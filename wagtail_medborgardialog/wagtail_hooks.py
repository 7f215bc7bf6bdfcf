"""Registrations with Wagtail's admin: menus, panels, viewsets, task types."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin import privacy as privacy_admin
from .admin.bulk_actions import ApproveBulkAction, RejectBulkAction
from .admin.closing_date import warn_without_closing_date
from .admin.contracts import CommitmentSourceViewSet, CommitmentUpdateViewSet, StakeholderViewSet
from .admin.decisions import decision_viewset
from .admin.feedback import PageFeedbackReportView
from .admin.feedback import permission_policy as page_feedback_permission_policy
from .admin.group_permissions import ModerationPermissionFormSet
from .admin.panels import PendingContributionsPanel
from .admin.permissions import ContributionPermissionPolicy
from .admin.redaction import ReasonLogFormatter
from .admin.viewsets import ContributionViewSet
from .admin.workflow_guard import (
    adjust_action_menu,
    refuse_bulk_publish_past_decision,
    refuse_create_and_publish_past_decision,
    refuse_publish_past_decision,
)
from .contracts.follow_up import ACTIONS as FOLLOW_UP_LOG_ACTIONS
from .models import (
    Area,
    ContactPerson,
    Contribution,
    DialogueProcessPage,
    Topic,
)
from .moderation import ACTIONS as CONTRIBUTION_LOG_ACTIONS
from .moderation import PERSONAL_NUMBER_ACTIONS as PERSONAL_NUMBER_LOG_ACTIONS
from .moderation import action_name as contribution_action_name
from .privacy import ACTIONS as PRIVACY_LOG_ACTIONS
from .privacy import action_name as privacy_action_name


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    list_display = ["name", "title", "email", "phone"]
    search_fields = ["name", "title"]


register_snippet(TopicViewSet)
register_snippet(AreaViewSet)
register_snippet(ContactPersonViewSet)


@hooks.register("register_admin_urls")
def register_page_feedback_report_urls():
    return [
        path(
            "medborgardialog/page-feedback/",
            PageFeedbackReportView.as_view(),
            name="wagtail_medborgardialog_page_feedback",
        ),
        path(
            "medborgardialog/page-feedback/results/",
            PageFeedbackReportView.as_view(results_only=True),
            name="wagtail_medborgardialog_page_feedback_results",
        ),
    ]


class PageFeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return page_feedback_permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_page_feedback_report_menu_item():
    return PageFeedbackMenuItem(
        _("Page feedback"),
        reverse("wagtail_medborgardialog_page_feedback"),
        icon_name="help",
        order=900,
    )


class DialogueProcessListingViewSet(PageListingViewSet):
    """Every dialogue process in one flat list, wherever it sits in the page tree."""

    model = DialogueProcessPage
    icon = "list-ol"
    menu_label = _("Citizen dialogues")
    add_to_admin_menu = True
    name = "medborgardialoger"


@hooks.register("register_admin_viewset")
def register_dialogue_process_listing():
    return DialogueProcessListingViewSet()


try:  # Wagtail 8.0+
    from wagtail.permissions import register_permission_policy
except ImportError:  # Wagtail 7.4: the viewset carries the policy
    ContributionViewSet.permission_policy = ContributionPermissionPolicy(Contribution)
else:
    register_permission_policy(Contribution, ContributionPermissionPolicy(Contribution))

register_snippet(ContributionViewSet)
hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)


@hooks.register("register_group_permission_panel")
def register_moderation_permission_panel():
    return ModerationPermissionFormSet


@hooks.register("register_admin_urls")
def drop_snippet_bulk_delete_for_contributions():
    """Wagtail offers "Delete" as a bulk action on every snippet; its confirmation page lists
    the rows one may not delete by name, from every site. Contributions are never deleted in
    bulk, so the action is taken off them. Runs when the admin's URLs load, before any
    request reaches the bulk-action view, and after every app's hooks are registered."""
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    bulk_action_registry.get_bulk_actions_for_model("wagtail_medborgardialog", "contribution")
    actions = bulk_action_registry.actions.get("wagtail_medborgardialog", {})
    actions.get("contribution", {}).pop("delete", None)
    return []


@hooks.register("register_log_actions")
def register_contribution_log_actions(actions):
    for short, (label, message) in CONTRIBUTION_LOG_ACTIONS.items():
        actions.register_action(contribution_action_name(short), label, message)
    for short, (label, message) in PERSONAL_NUMBER_LOG_ACTIONS.items():
        actions.register_action(contribution_action_name(short))(
            type(
                "PersonalNumberLogFormatter",
                (ReasonLogFormatter,),
                {"label": label, "message": message},
            )
        )


@hooks.register("construct_homepage_panels")
def add_pending_contributions_panel(request, panels):
    panels.append(PendingContributionsPanel(request))


@hooks.register("register_admin_viewset")
def register_decision_viewset():
    return decision_viewset


hooks.register("before_edit_page", refuse_publish_past_decision)
hooks.register("before_create_page", refuse_create_and_publish_past_decision)
hooks.register("before_bulk_action", refuse_bulk_publish_past_decision)
hooks.register("construct_page_action_menu", adjust_action_menu)
hooks.register("after_publish_page", warn_without_closing_date)

# ---------------------------------------------------------------------------
# Community contracts: stakeholders and follow-up updates
# ---------------------------------------------------------------------------


register_snippet(StakeholderViewSet)


@hooks.register("register_admin_viewset")
def register_commitment_source_viewset():
    return CommitmentSourceViewSet("medborgardialog_commitment_sources")


@hooks.register("register_admin_viewset")
def register_commitment_update_viewset():
    return CommitmentUpdateViewSet("medborgardialog_commitment_updates")


@hooks.register("register_log_actions")
def register_follow_up_log_actions(actions):
    for name, (label, message) in FOLLOW_UP_LOG_ACTIONS.items():
        actions.register_action(name, label, message)


# ---------------------------------------------------------------------------
# Personal data: subject requests, archive export, hard deletion, retention log actions
# ---------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return privacy_admin.urlpatterns


@hooks.register("register_admin_urls")
def register_redaction_urls():
    from .admin import redaction

    return redaction.urlpatterns


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    for short, (label, message) in PRIVACY_LOG_ACTIONS.items():
        actions.register_action(privacy_action_name(short), label, message)


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, codename, **kwargs):
        super().__init__(*args, **kwargs)
        self.codename = codename

    def is_shown(self, request):
        return privacy_admin.user_has_privacy_perm(request.user, self.codename)


@hooks.register("register_settings_menu_item")
def register_subject_request_menu_item():
    return PermissionMenuItem(
        _("Personal data requests"),
        reverse("mbd_subject_request"),
        icon_name="user",
        order=910,
        codename="handle_subject_request",
    )


@hooks.register("register_settings_menu_item")
def register_archive_menu_item():
    return PermissionMenuItem(
        _("Archive export"),
        reverse("mbd_archive_index"),
        icon_name="download",
        order=911,
        codename="export_archive",
    )


# Consultations: invited bodies, reminders and exports of the decision basis
# ---------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_consultation_urls():
    from .admin import consultations

    return [
        path(
            "medborgardialog/consultations/<int:page_id>/",
            consultations.stakeholders_view,
            name="wagtail_medborgardialog_consultation_stakeholders",
        ),
        path(
            "medborgardialog/consultations/<int:page_id>/remind/",
            consultations.remind_view,
            name="wagtail_medborgardialog_consultation_remind",
        ),
        path(
            "medborgardialog/consultations/<int:page_id>/export/<str:fmt>/",
            consultations.export_view,
            name="wagtail_medborgardialog_consultation_export",
        ),
    ]


@hooks.register("register_page_header_buttons")
def consultation_header_button(page, user, view_name=None, next_url=None):
    from wagtail.admin.widgets import Button

    from .models import ConsultationPage
    from .permissions import can_moderate

    if page.specific_class is ConsultationPage and can_moderate(user, page):
        yield Button(
            _("Responses and invited bodies"),
            reverse("wagtail_medborgardialog_consultation_stakeholders", args=[page.pk]),
            icon_name="group",
            priority=40,
        )


@hooks.register("register_log_actions")
def register_consultation_log_actions(actions):
    from .admin.consultations import LOG_ACTIONS

    for name, (label, message) in LOG_ACTIONS.items():
        actions.register_action(name, label, message)
