"""Registrations with Wagtail's admin: menus, panels, viewsets, task types."""

from functools import partial

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import log_actions
from .admin import budgets as budgets_admin
from .admin import citizen_panels as citizen_panels_admin
from .admin import consultations as consultations_admin
from .admin import feedback as feedback_admin
from .admin import panel_consultations as panel_consultations_admin
from .admin import privacy as privacy_admin
from .admin import redaction as redaction_admin
from .admin.bulk_actions import (
    ApproveBulkAction,
    RejectBulkAction,
    drop_bulk_delete_for_contributions,
)
from .admin.closing_date import warn_without_closing_date
from .admin.contracts import CommitmentSourceViewSet, CommitmentUpdateViewSet, StakeholderViewSet
from .admin.decisions import decision_viewset
from .admin.group_permissions import ModerationPermissionFormSet
from .admin.meetings import MeetingViewSet, NetworkInterestViewSet, RegistrationViewSet
from .admin.menus import PolicyMenuItem
from .admin.panels import PendingContributionsPanel
from .admin.permissions import ContributionPermissionPolicy
from .admin.processes import DialogueProcessListingViewSet
from .admin.snippets import AreaViewSet, ContactPersonViewSet, TopicViewSet
from .admin.viewsets import ContributionViewSet
from .admin.workflow_guard import (
    adjust_action_menu,
    refuse_bulk_publish_past_decision,
    refuse_create_and_publish_past_decision,
    refuse_publish_past_decision,
)
from .models import (
    Contribution,
)

register_snippet(TopicViewSet)
register_snippet(AreaViewSet)
register_snippet(ContactPersonViewSet)


hooks.register("register_admin_urls", lambda: feedback_admin.urlpatterns)
hooks.register(
    "register_reports_menu_item",
    lambda: PolicyMenuItem(
        _("Page feedback"),
        reverse("wagtail_medborgardialog_page_feedback"),
        icon_name="help",
        order=900,
        is_allowed=feedback_admin.may_view_report,
    ),
)


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


hooks.register("register_admin_urls", drop_bulk_delete_for_contributions)
hooks.register("register_log_actions", log_actions.register)


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


# ---------------------------------------------------------------------------
# Personal data: subject requests, archive export, hard deletion, retention log actions
# ---------------------------------------------------------------------------


hooks.register("register_admin_urls", lambda: privacy_admin.urlpatterns)
hooks.register("register_admin_urls", lambda: redaction_admin.urlpatterns)
hooks.register(
    "register_settings_menu_item",
    lambda: PolicyMenuItem(
        _("Personal data requests"),
        reverse("mbd_subject_request"),
        icon_name="user",
        order=910,
        is_allowed=partial(privacy_admin.user_has_privacy_perm, codename="handle_subject_request"),
    ),
)
hooks.register(
    "register_settings_menu_item",
    lambda: PolicyMenuItem(
        _("Archive export"),
        reverse("mbd_archive_index"),
        icon_name="download",
        order=911,
        is_allowed=partial(privacy_admin.user_has_privacy_perm, codename="export_archive"),
    ),
)

# Consultations: invited bodies, reminders and exports of the decision basis
hooks.register("register_admin_urls", lambda: consultations_admin.urlpatterns)
hooks.register("register_page_header_buttons", consultations_admin.header_buttons)
# ... and those only a citizens' panel's members answer, with personal invitations
hooks.register("register_admin_urls", lambda: panel_consultations_admin.urlpatterns)
hooks.register("register_page_header_buttons", panel_consultations_admin.header_buttons)

# E-proposals: screening, paper signatures, referral and answer, the awaiting-answer report
from .admin import e_proposals as e_proposals_admin  # noqa: E402

hooks.register("register_admin_urls", lambda: e_proposals_admin.urlpatterns)
hooks.register("before_delete_page", e_proposals_admin.refuse_deleting_proposals)
hooks.register("before_bulk_action", e_proposals_admin.refuse_bulk_deleting_proposals)
hooks.register(
    "register_admin_menu_item",
    lambda: PolicyMenuItem(
        _("E-proposals"),
        reverse("wagtail_medborgardialog_e_proposals"),
        icon_name="doc-full",
        order=310,
        is_allowed=e_proposals_admin.may_view,
    ),
)


@hooks.register("register_admin_viewset")
def register_meeting_viewsets():
    return [
        MeetingViewSet("medborgardialog_meetings"),
        RegistrationViewSet("medborgardialog_registrations"),
        NetworkInterestViewSet("medborgardialog_network_interests"),
    ]


# Participatory budgets: ballots, paper ballots, the frozen count and its open data
hooks.register("register_admin_urls", lambda: budgets_admin.urlpatterns)
hooks.register("register_page_header_buttons", budgets_admin.header_buttons)
# Citizens' panels: volunteers, invitation codes, the commitment and the draw
hooks.register("register_admin_urls", lambda: citizen_panels_admin.urlpatterns)
hooks.register("register_page_header_buttons", citizen_panels_admin.header_buttons)
