"""Registrations with Wagtail's admin: menus, panels, viewsets, task types."""

from wagtail import hooks  # noqa: E402
from wagtail.snippets.models import register_snippet  # noqa: E402

from .admin.bulk_actions import ApproveBulkAction, RejectBulkAction  # noqa: E402
from .admin.panels import PendingContributionsPanel  # noqa: E402
from .admin.permissions import ContributionPermissionPolicy  # noqa: E402
from .admin.viewsets import ContributionViewSet  # noqa: E402
from .models import Contribution  # noqa: E402
from .moderation import ACTIONS as CONTRIBUTION_LOG_ACTIONS  # noqa: E402
from .moderation import action_name as contribution_action_name  # noqa: E402

try:  # Wagtail 8.0+
    from wagtail.permissions import register_permission_policy
except ImportError:  # Wagtail 7.4: the viewset carries the policy
    ContributionViewSet.permission_policy = ContributionPermissionPolicy(Contribution)
else:
    register_permission_policy(Contribution, ContributionPermissionPolicy(Contribution))

register_snippet(ContributionViewSet)
hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)


@hooks.register("register_log_actions")
def register_contribution_log_actions(actions):
    for short, (label, message) in CONTRIBUTION_LOG_ACTIONS.items():
        actions.register_action(contribution_action_name(short), label, message)


@hooks.register("construct_homepage_panels")
def add_pending_contributions_panel(request, panels):
    panels.append(PendingContributionsPanel(request))
