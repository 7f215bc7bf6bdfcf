"""Keeps pages waiting for a political decision from being published past it.

Publishing a page cancels its workflow, so a steering group member with publish permission
could otherwise skip the decision. Only superusers may.
"""

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import Page, WorkflowState

from ..models.decisions import PoliticalDecisionTask


def pages_awaiting_decision(page_ids):
    """The ids (as strings) of those pages whose workflow waits for a political decision."""
    return set(
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(pk) for pk in page_ids],
            current_task_state__task__content_type=ContentType.objects.get_for_model(
                PoliticalDecisionTask
            ),
        )
        .values_list("object_id", flat=True)
    )


def refusal_message(request, title):
    messages.error(
        request,
        _(
            "'%(title)s' is waiting for a political decision. It is published when the "
            "deciding body records the decision and approves."
        )
        % {"title": title},
    )


def refuse_publish_past_decision(request, page):
    """``before_edit_page`` hook: refuse "Publish" while the page awaits a decision."""
    if request.method != "POST" or "action-publish" not in request.POST:
        return None
    if request.user.is_superuser or not pages_awaiting_decision([page.pk]):
        return None
    refusal_message(request, page.get_admin_display_title())
    return redirect("wagtailadmin_pages:edit", page.pk)


def refuse_bulk_publish_past_decision(request, action_type, objects, action_class_instance):
    """``before_bulk_action`` hook: the same for publishing pages from a listing."""
    if action_type != "publish" or request.user.is_superuser:
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if not pages:
        return None
    page_ids = [page.pk for page in pages]
    if request.POST.get("include_descendants"):
        for page in pages:
            page_ids.extend(page.get_descendants().values_list("pk", flat=True))
    waiting = pages_awaiting_decision(page_ids)
    if not waiting:
        return None
    titles = Page.objects.filter(pk__in=[int(pk) for pk in waiting]).order_by("path")
    for title in titles.values_list("title", flat=True):
        refusal_message(request, title)
    return redirect(action_class_instance.next_url or "wagtailadmin_home")
