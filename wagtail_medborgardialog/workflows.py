"""The default groups and workflows that mirror a municipality's approval steps.

``medborgardialog_setup`` calls :func:`setup_defaults`. It is additive and idempotent:
groups get the permissions they lack, workflows and tasks are created only when no workflow
or task of that name exists (so editors' later changes survive), and a workflow is assigned
only to pages that have no workflow assignment of their own. The one change made to an
existing workflow: "Medborgardialog: granskning" gets the political decision task appended
as its last step when it has no political decision task at all (installs from before the
step existed); its other steps are left as they are.
"""

from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.snippets import models as snippet_registry

from .models.commitments import CommitmentSource, CommitmentUpdate
from .models.contract import AbstractCommunityContractPage
from .models.decisions import Decision, PoliticalDecisionTask
from .models.four_eyes import GroupReviewTask
from .models.meetings import Meeting, Registration
from .models.moderation_rights import GroupModerationPermission
from .models.networks import NetworkInterest

APP_LABEL = "wagtail_medborgardialog"

PROCESS_LEADERS = "Processledare"
STEERING_GROUP = "Styrgrupp"
DECIDING_BODY = "Beslutande organ"
MODERATORS = "Moderator"

REVIEW_WORKFLOW = "Medborgardialog: granskning"
CONTRACT_WORKFLOW = "Samhällskontrakt: antagande"

PROCESS_LEADER_TASK = "Granskning av processledare"
STEERING_GROUP_TASK = "Godkännande av styrgrupp"
DECISION_TASK = "Politiskt beslut"

# Page permissions per group, granted on each root of the plugin's pages. Only the last
# approver of a workflow may publish: Wagtail publishes as the user who approves last.
PAGE_PERMISSIONS = {
    PROCESS_LEADERS: ("add", "change", "lock", "unlock"),
    STEERING_GROUP: ("add", "change", "publish", "lock", "unlock"),
    DECIDING_BODY: ("change", "publish"),
    MODERATORS: (),
}
# Groups that moderate citizens' contributions on the plugin's pages. Not the politicians:
# those who decide a matter should not also decide which opinions on it are shown.
MODERATION_GROUPS = (PROCESS_LEADERS, MODERATORS)
# Permissions on the plugin's snippets, looked up when the command runs.
SNIPPET_ACTIONS = {
    PROCESS_LEADERS: ("add", "change", "delete", "view", "publish", "lock", "unlock"),
    STEERING_GROUP: ("add", "change", "delete", "view", "publish", "lock", "unlock"),
    DECIDING_BODY: ("view",),
    MODERATORS: (),
}
# Contract follow-up (admin "Contract follow-up"): those who run the process and the steering
# group record it; the form offers only commitments on pages the user may edit.
FOLLOW_UP_ACTIONS = {
    PROCESS_LEADERS: ("view", "add", "change"),
    STEERING_GROUP: ("view", "add", "change"),
    DECIDING_BODY: ("view",),
    MODERATORS: (),
}
# Citing contributions on commitments ("you said, we did", admin "Cited contributions"): the
# same groups; a citation is an editorial link, so it may be corrected or removed.
CITATION_ACTIONS = {
    PROCESS_LEADERS: ("view", "add", "change", "delete"),
    STEERING_GROUP: ("view", "add", "change", "delete"),
    DECIDING_BODY: ("view",),
    MODERATORS: (),
}
# The deciding body records decisions in the register too (scoped to the pages it may
# publish, see admin/decisions.py).
DECISION_ACTIONS = {
    PROCESS_LEADERS: ("view",),
    STEERING_GROUP: ("view",),
    DECIDING_BODY: ("view", "add", "change"),
    MODERATORS: (),
}

# Meetings (admin "Meetings"): edited on the pages a group may edit. Registrations are personal
# data: only the process leaders, who organise the meetings, see and export them, and only on
# the pages they may moderate (permissions.registrations_for). The same goes for the
# intresseanmälningar to networks, which they also accept or decline.
MEETING_ACTIONS = {
    PROCESS_LEADERS: ("view", "add", "change", "delete"),
    STEERING_GROUP: ("view", "add", "change"),
    DECIDING_BODY: ("view",),
    MODERATORS: (),
}
REGISTRATION_ACTIONS = {
    PROCESS_LEADERS: ("view", "change", "delete"),
    STEERING_GROUP: (),
    DECIDING_BODY: (),
    MODERATORS: (),
}

# Participatory budgets: process leaders register paper ballots and freeze the count; the
# steering group may freeze it too. Permissions of the BudgetPage model, used with the right
# to edit the round's page (admin/budgets.py).
BUDGET_PERMISSIONS = {
    PROCESS_LEADERS: ("register_paper_ballots", "freeze_budget_result"),
    STEERING_GROUP: ("freeze_budget_result",),
    DECIDING_BODY: (),
    MODERATORS: (),
}


@dataclass
class SetupReport:
    created: list = field(default_factory=list)

    def add(self, text):
        self.created.append(text)


# Page types of the plugin that are not part of a dialogue: the site's web editors publish
# them, without the dialogue groups' rights or the review workflow.
NON_DIALOGUE_PAGE_MODELS = ("accessibilitystatementpage",)


def plugin_page_roots():
    """The top-most pages of the plugin's page types: pages of this app none of whose
    ancestors is one. Permissions and the review workflow apply from these down."""
    content_types = ContentType.objects.filter(app_label=APP_LABEL).exclude(
        model__in=NON_DIALOGUE_PAGE_MODELS
    )
    pages = list(Page.objects.filter(content_type__in=content_types).order_by("path"))
    roots = []
    for page in pages:
        if not any(page.path.startswith(root.path) for root in roots):
            roots.append(page)
    return roots


def contract_pages():
    """Pages of every contract page type: the plugin's and a site's own composed ones."""
    models = [
        model
        for model in django_apps.get_models()
        if issubclass(model, AbstractCommunityContractPage)
    ]
    content_types = ContentType.objects.get_for_models(*models).values()
    return list(Page.objects.filter(content_type__in=content_types).order_by("path"))


def snippet_models():
    """The plugin's models registered as snippets (found at run time, so new ones count)."""
    return [
        model
        for model in snippet_registry.get_snippet_models()
        if model._meta.app_label == APP_LABEL
    ]


def model_permissions(model, actions):
    content_type = ContentType.objects.get_for_model(model)
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    return Permission.objects.filter(content_type=content_type, codename__in=codenames)


def ensure_group(name, report):
    group, created = Group.objects.get_or_create(name=name)
    if created:
        report.add(f"group {name}")
    wanted = [
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    ]
    for model in snippet_models():
        wanted.extend(model_permissions(model, SNIPPET_ACTIONS[name]))
    wanted.extend(model_permissions(Decision, DECISION_ACTIONS[name]))
    wanted.extend(model_permissions(CommitmentUpdate, FOLLOW_UP_ACTIONS[name]))
    wanted.extend(model_permissions(CommitmentSource, CITATION_ACTIONS[name]))
    wanted.extend(model_permissions(Meeting, MEETING_ACTIONS[name]))
    wanted.extend(model_permissions(Registration, REGISTRATION_ACTIONS[name]))
    wanted.extend(model_permissions(NetworkInterest, REGISTRATION_ACTIONS[name]))
    wanted.extend(
        Permission.objects.filter(
            content_type__app_label=APP_LABEL,
            content_type__model="budgetpage",
            codename__in=BUDGET_PERMISSIONS[name],
        )
    )
    missing = [perm for perm in wanted if not group.permissions.filter(pk=perm.pk).exists()]
    if missing:
        group.permissions.add(*missing)
        report.add(f"{len(missing)} permissions for {name}")
    page_model_name = Page._meta.model_name
    page_content_type = ContentType.objects.get_for_model(Page)
    for page in plugin_page_roots():
        for action in PAGE_PERMISSIONS[name]:
            permission = Permission.objects.get(
                content_type=page_content_type, codename=f"{action}_{page_model_name}"
            )
            _, created = GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )
            if created:
                report.add(f"{action} on '{page.title}' for {name}")
    if name in MODERATION_GROUPS:
        ensure_moderation_right(group, report)
    return group


def ensure_moderation_right(group, report):
    """Give ``group`` the right to moderate contributions on each root of the plugin's pages."""
    for page in plugin_page_roots():
        _, created = GroupModerationPermission.objects.get_or_create(group=group, page=page)
        if created:
            report.add(f"moderate contributions on '{page.title}' for {group.name}")


def ensure_task(model, name, groups, report):
    """Return the task called ``name`` (of any type); create it as a ``model`` with ``groups``
    only when missing."""
    task = Task.objects.filter(name=name).order_by("pk").first()
    if task is not None:
        task = task.specific
    if task is None:
        task = model.objects.create(name=name)
        task.groups.set(groups)
        report.add(f"task {name}")
    return task


def ensure_four_eyes_type(task, report):
    """Turn the plugin's own review task, when it is still Wagtail's plain group approval
    (installs from before four eyes), into a :class:`GroupReviewTask` with the same id,
    name, groups and active state, so the site's four-eyes setting applies to it. Workflows,
    task states and history refer to the task by id and stay as they are."""
    if type(task) is not GroupApprovalTask:
        return task
    groups = list(task.groups.all())
    base = Task.objects.get(pk=task.pk)
    task.delete(keep_parents=True)  # only the group approval row; the task stays
    review = GroupReviewTask(task_ptr=base, name=base.name, active=base.active)
    review.content_type = ContentType.objects.get_for_model(GroupReviewTask)
    review.save_base(raw=True)
    Task.objects.filter(pk=base.pk).update(content_type=review.content_type)
    review.groups.set(groups)
    report.add(f"task {base.name} with four eyes")
    return review


def ensure_workflow(name, tasks, report):
    """Return the workflow called ``name``; create it with ``tasks`` only when missing."""
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=name, active=True)
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        report.add(f"workflow {name}")
    return workflow


def ensure_decision_step(workflow, decision_task, report):
    """Append ``decision_task`` to ``workflow`` unless it already has a political decision
    task (any, at any step): SKR puts a decision before step 5 of a dialogue."""
    has_decision = workflow.workflow_tasks.filter(
        task__content_type=ContentType.objects.get_for_model(PoliticalDecisionTask)
    ).exists()
    if has_decision:
        return
    last = workflow.workflow_tasks.order_by("-sort_order").values_list("sort_order", flat=True)
    sort_order = (last.first() or 0) + 1 if last.exists() else 0
    WorkflowTask.objects.create(workflow=workflow, task=decision_task, sort_order=sort_order)
    report.add(f"{decision_task.name} in {workflow.name}")


def ensure_assigned(workflow, pages, report):
    for page in pages:
        if not WorkflowPage.objects.filter(page=page).exists():
            WorkflowPage.objects.create(page=page, workflow=workflow)
            report.add(f"{workflow.name} on '{page.title}'")


@transaction.atomic
def setup_defaults():
    """Create what is missing of the default groups, tasks, workflows and assignments."""
    report = SetupReport()
    leaders = ensure_group(PROCESS_LEADERS, report)
    steering = ensure_group(STEERING_GROUP, report)
    deciding = ensure_group(DECIDING_BODY, report)
    ensure_group(MODERATORS, report)

    leader_task = ensure_four_eyes_type(
        ensure_task(GroupReviewTask, PROCESS_LEADER_TASK, [leaders], report), report
    )
    steering_task = ensure_four_eyes_type(
        ensure_task(GroupReviewTask, STEERING_GROUP_TASK, [steering], report), report
    )
    decision_task = ensure_task(PoliticalDecisionTask, DECISION_TASK, [deciding], report)

    review = ensure_workflow(REVIEW_WORKFLOW, [leader_task, steering_task, decision_task], report)
    ensure_decision_step(review, decision_task, report)
    contract = ensure_workflow(
        CONTRACT_WORKFLOW, [leader_task, steering_task, decision_task], report
    )
    # Contract pages first: each gets its own assignment, which wins over the review
    # workflow inherited from an ancestor.
    ensure_assigned(contract, contract_pages(), report)
    ensure_assigned(review, plugin_page_roots(), report)
    return report
