"""Wagtail's permission policy for contributions, answered by the plugin's permissions module."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import ModelPermissionPolicy

from .. import permissions


class ContributionPermissionPolicy(ModelPermissionPolicy):
    """The moderation right decides; nobody deletes a contribution through the admin.

    Public records law requires keeping what citizens sent; removal is the retention rules' job
    (and the separate "delete for good" view, see admin/privacy.py).
    """

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return permissions.may_moderate_anywhere(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete":
            return False
        return permissions.can_moderate(user, instance.page)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if set(actions) <= {"delete"}:
            return permissions.moderatable_contributions(None)
        return permissions.moderatable_contributions(user)

    def users_with_any_permission(self, actions):
        if set(actions) <= {"delete"}:
            return permissions.moderators().none()
        return permissions.moderators()

    def users_with_any_permission_for_instance(self, actions, instance):
        if set(actions) <= {"delete"}:
            return get_user_model().objects.none()
        return permissions.moderators_of(instance.page)
