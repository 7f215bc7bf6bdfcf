"""Keeps a page waiting for a political decision from being published past it."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages

from ..models.decisions import PoliticalDecisionTask


def refuse_publish_past_decision(request, page):
    """``before_edit_page`` hook: publishing a page whose workflow waits for a political
    decision would cancel the workflow and skip the decision, so only superusers may."""
    if request.method != "POST" or "action-publish" not in request.POST:
        return None
    task = page.current_workflow_task
    if not isinstance(task, PoliticalDecisionTask) or request.user.is_superuser:
        return None
    messages.error(
        request,
        _(
            "'%(title)s' is waiting for a political decision. It is published when the "
            "deciding body records the decision and approves."
        )
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
