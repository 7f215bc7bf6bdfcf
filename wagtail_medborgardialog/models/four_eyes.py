"""Four eyes: the person who sent a page to a workflow does not approve its steps.

Optional per site (Settings → Citizen dialogue, ``MedborgardialogSettings.four_eyes``). The
rule lives in the tasks' ``get_actions``, which Wagtail asks everywhere an approval is offered
or accepted: the editor's action menu, the approval dialog, the dashboard and the check before
a workflow action is performed. Superusers are not bound by it, as they are not by the
decision guard.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page, Site

from .site_settings import MedborgardialogSettings


def four_eyes_applies(obj):
    """Whether the site ``obj`` belongs to has chosen four eyes."""

    site = obj.get_site() if isinstance(obj, Page) else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return bool(site and MedborgardialogSettings.for_site(site).four_eyes)


def submitted_by(obj, user):
    state = getattr(obj, "current_workflow_state", None)
    return state is not None and state.requested_by_id == user.pk


class FourEyesMixin:
    """Leaves "approve" out of the actions of the user who submitted the object."""

    def approval_barred(self, obj, user):
        if user.is_superuser or not submitted_by(obj, user):
            return False
        return four_eyes_applies(obj)

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and self.approval_barred(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if action_name == "approve" and self.approval_barred(obj, user):
            raise PermissionDenied("Four eyes: the submitter may not approve.")
        return super().on_action(task_state, user, action_name, **kwargs)


class GroupReviewTask(FourEyesMixin, AbstractGroupApprovalTask):
    """Wagtail's group approval, with the site's four-eyes rule."""

    class Meta:
        verbose_name = _("Group approval (citizen dialogue)")
        verbose_name_plural = _("Group approvals (citizen dialogue)")

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups can approve this task; with four eyes on, not the "
            "person who sent the page to the workflow"
        )
