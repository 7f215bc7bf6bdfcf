"""medborgardialog_setup: default groups, permissions and workflows, idempotently."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import (
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from tests import factories
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import (
    GroupModerationPermission,
    GroupReviewTask,
    PoliticalDecisionTask,
)

pytestmark = pytest.mark.django_db


def run():
    out = StringIO()
    call_command("medborgardialog_setup", stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "groups": sorted(
            (group.name, sorted(group.permissions.values_list("codename", flat=True)))
            for group in Group.objects.all()
        ),
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list(
                "group__name", "page_id", "permission__codename"
            )
        ),
        "moderation": sorted(
            GroupModerationPermission.objects.values_list("group__name", "page_id")
        ),
        "workflows": sorted(Workflow.objects.values_list("name", "active")),
        "tasks": sorted(Task.objects.values_list("name", "content_type__model")),
        "task_groups": sorted(
            (task.name, sorted(task.specific.groups.values_list("name", flat=True)))
            for task in Task.objects.all()
            if hasattr(task.specific, "groups")
        ),
        "workflow_tasks": sorted(
            WorkflowTask.objects.values_list("workflow__name", "task__name", "sort_order")
        ),
        "assignments": sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
    }


def task_names(workflow_name):
    workflow = Workflow.objects.get(name=workflow_name)
    return [task.name for task in workflow.tasks.order_by("workflow_tasks__sort_order")]


def test_setup_creates_the_groups_with_admin_access(index):
    run()

    for name in (
        workflows.PROCESS_LEADERS,
        workflows.STEERING_GROUP,
        workflows.DECIDING_BODY,
        workflows.MODERATORS,
    ):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()


def test_setup_creates_the_review_and_contract_workflows(index):
    run()

    assert task_names(workflows.REVIEW_WORKFLOW) == [
        workflows.PROCESS_LEADER_TASK,
        workflows.STEERING_GROUP_TASK,
        workflows.DECISION_TASK,
    ]
    assert task_names(workflows.CONTRACT_WORKFLOW) == [
        workflows.PROCESS_LEADER_TASK,
        workflows.STEERING_GROUP_TASK,
        workflows.DECISION_TASK,
    ]
    decision = PoliticalDecisionTask.objects.get(name=workflows.DECISION_TASK)
    assert list(decision.groups.values_list("name", flat=True)) == [workflows.DECIDING_BODY]
    leader = GroupReviewTask.objects.get(name=workflows.PROCESS_LEADER_TASK)
    assert list(leader.groups.values_list("name", flat=True)) == [workflows.PROCESS_LEADERS]


def test_setup_assigns_the_review_workflow_to_each_dialogue_index(home, index, process):
    run()

    assert WorkflowPage.objects.get(page=index).workflow.name == workflows.REVIEW_WORKFLOW
    assert process.get_workflow().name == workflows.REVIEW_WORKFLOW
    assert not WorkflowPage.objects.filter(page=home).exists()


def test_only_the_last_approver_of_each_workflow_may_publish(index):
    run()

    def can_publish(name):
        return GroupPagePermission.objects.filter(
            group__name=name, page=index, permission__codename="publish_page"
        ).exists()

    assert not can_publish(workflows.PROCESS_LEADERS)
    assert can_publish(workflows.STEERING_GROUP)
    assert can_publish(workflows.DECIDING_BODY)
    assert GroupPagePermission.objects.filter(
        group__name=workflows.PROCESS_LEADERS, page=index, permission__codename="change_page"
    ).exists()


def test_page_permissions_cover_the_plugin_pages_not_the_whole_site(home, index):
    run()

    ours = (workflows.PROCESS_LEADERS, workflows.STEERING_GROUP, workflows.DECIDING_BODY)
    granted_pages = set(
        GroupPagePermission.objects.filter(group__name__in=ours).values_list("page_id", flat=True)
    )
    assert index.pk in granted_pages
    assert home.pk not in granted_pages
    assert Page.get_first_root_node().pk not in granted_pages


def test_process_leaders_and_moderators_moderate_the_politicians_do_not(home, index):
    run()

    def moderates(name):
        return set(
            GroupModerationPermission.objects.filter(group__name=name).values_list(
                "page_id", flat=True
            )
        )

    assert moderates(workflows.PROCESS_LEADERS) == {index.pk}
    assert moderates(workflows.MODERATORS) == {index.pk}
    assert moderates(workflows.STEERING_GROUP) == set()
    assert moderates(workflows.DECIDING_BODY) == set()
    moderators = Group.objects.get(name=workflows.MODERATORS)
    assert moderators.permissions.filter(codename="access_admin").exists()
    # The moderator group gets nothing but the admin and the queue: no page rights.
    assert not GroupPagePermission.objects.filter(group=moderators).exists()


def test_a_new_dialogue_index_gets_its_moderators_on_the_next_run(home, index):
    run()
    second = factories.make_index(home, title="Dialoger i skolan", slug="skolan")

    run()

    assert GroupModerationPermission.objects.filter(
        group__name=workflows.PROCESS_LEADERS, page=second
    ).exists()


def test_setup_twice_changes_nothing(index, process):
    run()
    first = snapshot()

    output = run()

    assert snapshot() == first
    assert "Nothing to do" in output


def test_a_new_dialogue_index_is_picked_up_on_the_next_run(home, index):
    run()
    second = factories.make_index(home, title="Dialoger i skolan", slug="skolan")

    run()

    assert WorkflowPage.objects.get(page=second).workflow.name == workflows.REVIEW_WORKFLOW
    assert GroupPagePermission.objects.filter(
        group__name=workflows.STEERING_GROUP, page=second
    ).exists()


def test_editors_changes_to_a_workflow_survive_a_rerun(index):
    run()
    review = Workflow.objects.get(name=workflows.REVIEW_WORKFLOW)
    WorkflowTask.objects.filter(workflow=review, task__name=workflows.STEERING_GROUP_TASK).delete()
    moderators = Workflow.objects.get(name="Moderators approval")
    WorkflowPage.objects.filter(page=index).update(workflow=moderators)

    run()

    # The removed step stays removed; only a missing decision step would be appended.
    assert task_names(workflows.REVIEW_WORKFLOW) == [
        workflows.PROCESS_LEADER_TASK,
        workflows.DECISION_TASK,
    ]
    assert WorkflowPage.objects.get(page=index).workflow == moderators


def test_setup_runs_on_a_site_without_dialogue_pages(db):
    output = run()

    assert Workflow.objects.filter(name=workflows.CONTRACT_WORKFLOW).exists()
    assert "Created" in output


def test_snippets_of_the_plugin_are_found_when_the_command_runs(index, monkeypatch):
    # Stands in for a snippet another part of the plugin registers later.
    from wagtail.snippets import models as snippet_registry

    from wagtail_medborgardialog.models import Decision

    monkeypatch.setattr(snippet_registry, "get_snippet_models", lambda: [Decision, Page])

    run()

    leaders = Group.objects.get(name=workflows.PROCESS_LEADERS)
    codenames = set(leaders.permissions.values_list("codename", flat=True))
    assert {"add_decision", "change_decision", "delete_decision"} <= codenames
    assert "add_page" not in codenames
    deciding = Group.objects.get(name=workflows.DECIDING_BODY)
    assert not deciding.permissions.filter(codename="delete_decision").exists()
