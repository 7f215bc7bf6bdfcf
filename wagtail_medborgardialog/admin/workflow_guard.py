"""Keeps pages that wait for a political decision from being published past it.

Publishing a page cancels its workflow, so anyone with publish permission (the steering
group, for one) could otherwise skip the decision. Only superusers may publish past it:

- while a page is in a workflow with a political decision task at its current or a later
  step, whether or not that step will be needed for this version, and
- while a page is outside a workflow but its workflow has a political decision task and the
  page needs a decision (:func:`decision_needed`, e.g. any community contract): cancelling the
  workflow first does not open a way round it.

The guard hides "Publish" from the action menu and refuses the publish POST of the edit and
create views and the bulk publish action. Approving an earlier step only moves the workflow
on, so it stays allowed.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.models import Page, WorkflowState, WorkflowTask

from ..decisions.gates import decision_needed
from ..models.decisions import PoliticalDecisionTask


def decision_task_content_type():
    return ContentType.objects.get_for_model(PoliticalDecisionTask)


def pages_awaiting_decision(page_ids):
    """The ids (as strings) of those pages whose workflow in progress still has a political
    decision task at its current or a later step."""
    states = list(
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(pk) for pk in page_ids],
        )
        .values_list("object_id", "workflow_id", "current_task_state__task_id")
    )
    if not states:
        return set()
    steps = {}
    for workflow_id, task_id, sort_order, content_type_id in WorkflowTask.objects.filter(
        workflow_id__in={state[1] for state in states}
    ).values_list("workflow_id", "task_id", "sort_order", "task__content_type_id"):
        steps.setdefault(workflow_id, []).append((sort_order, task_id, content_type_id))
    decision_type = decision_task_content_type().pk
    waiting = set()
    for object_id, workflow_id, current_task_id in states:
        ordered = sorted(steps.get(workflow_id, []))
        current = next((i for i, step in enumerate(ordered) if step[1] == current_task_id), 0)
        if any(step[2] == decision_type for step in ordered[current:]):
            waiting.add(object_id)
    return waiting


def workflow_has_decision_task(workflow):
    return bool(
        workflow
        and workflow.active
        and workflow.workflow_tasks.filter(
            task__content_type=decision_task_content_type(), task__active=True
        ).exists()
    )


def publish_blocked(page, user, awaiting=None):
    """Whether ``user`` may not publish ``page`` (a saved page) because of a decision.

    ``awaiting``: the result of :func:`pages_awaiting_decision` for a batch of pages, so a
    listing asks for the workflows once, not once per page.
    """
    if user.is_superuser:
        return False
    if awaiting is None:
        awaiting = pages_awaiting_decision([page.pk])
    if str(page.pk) in awaiting:
        return True
    return workflow_has_decision_task(page.get_workflow()) and decision_needed(page.specific)


def refusal_message(request, title):
    messages.error(
        request,
        gettext(
            "'%(title)s' is waiting for a political decision. It is published when the "
            "deciding body records the decision in the page's workflow."
        )
        % {"title": title},
    )


def refuse_publish_past_decision(request, page):
    """``before_edit_page`` hook: refuse "Publish" while the page awaits a decision."""
    if request.method != "POST" or "action-publish" not in request.POST:
        return None
    if not publish_blocked(page, request.user):
        return None
    refusal_message(request, page.get_admin_display_title())
    return redirect("wagtailadmin_pages:edit", page.pk)


def create_blocked(parent_page, page_class, user):
    if user.is_superuser or not issubclass(page_class, Page):
        return False
    return workflow_has_decision_task(parent_page.get_workflow()) and decision_needed(page_class())


def refuse_create_and_publish_past_decision(request, parent_page, page_class):
    """``before_create_page`` hook: a new page that needs a decision is submitted, not
    published, by anyone but a superuser."""
    if request.method != "POST" or "action-publish" not in request.POST:
        return None
    if not create_blocked(parent_page, page_class, request.user):
        return None
    refusal_message(request, page_class._meta.verbose_name)
    return redirect(request.get_full_path())


def refuse_bulk_publish_past_decision(request, action_type, objects, action_class_instance):
    """``before_bulk_action`` hook: the same for publishing pages from a listing."""
    if action_type != "publish" or request.user.is_superuser:
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if not pages:
        return None
    if request.POST.get("include_descendants"):
        pages = pages + [
            descendant for page in pages for descendant in page.get_descendants().specific()
        ]
    awaiting = pages_awaiting_decision([page.pk for page in pages])
    blocked = [page for page in pages if publish_blocked(page, request.user, awaiting)]
    if not blocked:
        return None
    for page in sorted(blocked, key=lambda page: page.path):
        refusal_message(request, page.get_admin_display_title())
    return redirect(action_class_instance.next_url or "wagtailadmin_home")


def created_page_class(request):
    match = request.resolver_match
    kwargs = match.kwargs if match else {}
    try:
        return apps.get_model(kwargs["content_type_app_name"], kwargs["content_type_model_name"])
    except (KeyError, LookupError):
        return None


def adjust_action_menu(menu_items, request, context):
    """``construct_page_action_menu`` hook: no "Publish" past a pending decision, and one
    clear label for recording the decision (Wagtail would append "and Publish" to it)."""
    page = context.get("page")
    if page is not None and page.pk:
        task = page.current_workflow_task
        if isinstance(task, PoliticalDecisionTask):
            for item in menu_items:
                if isinstance(item, WorkflowMenuItem) and item.name == "approve":
                    item.label = task.approve_label(page)
        blocked = publish_blocked(page, request.user)
    elif context.get("view") == "create" and context.get("parent_page") is not None:
        page_class = created_page_class(request)
        blocked = page_class is not None and create_blocked(
            context["parent_page"], page_class, request.user
        )
    else:
        blocked = False
    if blocked:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]
