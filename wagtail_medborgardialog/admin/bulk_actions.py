"""Bulk approve and bulk reject in the moderation queue (Wagtail snippet bulk actions)."""

from django import forms
from django.http import Http404
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .. import permissions
from ..contributions import moderation
from ..models import Contribution


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the authors)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ContributionBulkAction(SnippetBulkAction):
    template_name = "wagtail_medborgardialog/admin/bulk_confirm.html"

    @classproperty
    def models(cls):
        return [Contribution]

    def check_perm(self, obj):
        return permissions.can_moderate(self.request.user, obj)

    def get_actionable_objects(self):
        """Only the user's own contributions, never listed or touched otherwise.

        Wagtail's default lists the rows one may not act on by name; here those are left out
        as if they did not exist, and a request naming none of the user's rows is a 404
        (as is a malformed id).
        """
        scoped = permissions.moderatable_contributions(self.request.user).select_related("page")
        ids = self.request.GET.getlist("id")
        if "all" not in ids:
            try:
                ids = [int(pk) for pk in ids]
            except ValueError as error:
                raise Http404 from error
            scoped = scoped.filter(pk__in=ids)
        objects = list(scoped.order_by("pk"))
        if not objects:
            raise Http404
        return objects, {"items_with_no_access": []}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_title": self.display_name}

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data if self.cleaned_form else {}
        return {"user": self.request.user, "reason": data.get("reason", "")}

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        done = 0
        for contribution in objects:
            try:
                cls.transition(contribution, user, reason)
            except moderation.InvalidTransition:
                continue
            done += 1
        return done, 0


class ApproveBulkAction(ContributionBulkAction):
    display_name = _("Approve")
    action_type = "approve_contributions"
    aria_label = _("Approve the selected contributions")
    action_priority = 10

    @staticmethod
    def transition(contribution, user, reason):
        moderation.approve(contribution, user)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d contribution approved.",
            "%(count)d contributions approved.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class RejectBulkAction(ContributionBulkAction):
    display_name = _("Reject")
    action_type = "reject_contributions"
    aria_label = _("Reject the selected contributions")
    action_priority = 20
    form_class = ReasonForm

    @staticmethod
    def transition(contribution, user, reason):
        moderation.reject(contribution, user, reason)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d contribution rejected.",
            "%(count)d contributions rejected.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


def drop_bulk_delete_for_contributions():
    """Wagtail offers "Delete" as a bulk action on every snippet; its confirmation page lists
    the rows one may not delete by name, from every site. Contributions are never deleted in
    bulk, so the action is taken off them. Registered as a ``register_admin_urls`` hook: it runs
    when the admin's URLs load, before any request reaches the bulk-action view, and after
    every app's hooks are registered."""
    bulk_action_registry.get_bulk_actions_for_model("wagtail_medborgardialog", "contribution")
    actions = bulk_action_registry.actions.get("wagtail_medborgardialog", {})
    actions.get("contribution", {}).pop("delete", None)
    return []
