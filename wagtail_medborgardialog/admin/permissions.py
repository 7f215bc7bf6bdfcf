"""Who may see and act on contributions: those who may publish the page they belong to."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..models import Contribution


def publishable_pages(user):
    return PagePermissionPolicy().instances_user_has_permission_for(user, "publish")


class ContributionPermissionPolicy(ModelPermissionPolicy):
    """Page publish permission decides; nobody deletes a contribution through the admin.

    Public records law requires keeping what citizens sent; removal is the retention rules' job.
    """

    def user_has_permission(self, user, action):
        if action == "delete" or not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        return publishable_pages(user).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" or not (user.is_active and user.is_authenticated):
            return False
        return instance.page.permissions_for_user(user).can_publish()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if set(actions) <= {"delete"} or not user.is_active:
            return Contribution.objects.none()
        return Contribution.objects.moderatable_by(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if set(actions) <= {"delete"}:
            return users.none()
        return users

    def users_with_any_permission_for_instance(self, actions, instance):
        if set(actions) <= {"delete"}:
            return get_user_model().objects.none()
        return PagePermissionPolicy().users_with_permission_for_instance("publish", instance.page)
