"""Registrations with Wagtail's admin: menus, panels, viewsets, task types."""

from wagtail import hooks

from .admin.decisions import decision_viewset
from .admin.workflow_guard import (
    refuse_bulk_publish_past_decision,
    refuse_publish_past_decision,
)


@hooks.register("register_admin_viewset")
def register_decision_viewset():
    return decision_viewset


hooks.register("before_edit_page", refuse_publish_past_decision)
hooks.register("before_bulk_action", refuse_bulk_publish_past_decision)
