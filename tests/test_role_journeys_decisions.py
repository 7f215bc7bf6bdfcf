"""Political decisions as the real roles live them, through the admin over HTTP.

Issue 13, "What was seen" 3 and 4: the steering group could publish past the decision, the
deciding body saw a plain "Publicera" and a doubled label, a dialogue could not reach SKR
step 5 without a superuser, and decisions had no kind, no text and no history.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import (
    GroupPagePermission,
    Site,
    Workflow,
    WorkflowState,
    WorkflowTask,
)

from tests import factories, test_workflows
from tests.test_process_status import edit_form_data
from tests.test_workflows import (
    DECISION,
    act,
    action_url,
    approve_reviews,
    current_task_state,
    make_user,
    submit,
)
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import (
    Decision,
    DialogueProcessPage,
    PoliticalDecisionTask,
    StepStatus,
)
from wagtail_medborgardialog.processes.status import decision_gate_message

pytestmark = pytest.mark.django_db

# The default groups, one user per role and a contract under negotiation in its workflow.
roles = test_workflows.roles
draft = test_workflows.draft

DONE, ONGOING = StepStatus.DONE, StepStatus.ONGOING
IMPLEMENTATION = {
    **DECISION,
    "kind": "implementation",
    "decided_text": "Kommunstyrelsen beslutar att genomföra förslagen om belysning.",
}


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def publish_offered(html):
    return 'name="action-publish"' in html


# --- The contract workflow: nobody but the deciding body decides ---------------------------


def test_steering_group_cannot_see_or_use_publish_at_the_steering_step(client, roles, draft):
    workflow_state = submit(client, roles["editor"], draft)
    assert act(client, roles["leader"], draft, "approve").status_code == 302
    client.force_login(roles["steering"])

    page = client.get(edit_url(draft))

    assert page.status_code == 200
    assert not publish_offered(page.text)
    assert "Godkänn" in page.text
    data = factories.contract_edit_data(draft)
    data["action-publish"] = "1"
    response = client.post(edit_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert current_task_state(draft).task.name == workflows.STEERING_GROUP_TASK
    assert not Decision.objects.exists()


def test_steering_group_cannot_publish_a_contract_after_cancelling_its_workflow(
    client, roles, draft
):
    workflow_state = submit(client, roles["editor"], draft)
    assert act(client, roles["leader"], draft, "approve").status_code == 302
    client.force_login(roles["steering"])
    data = factories.contract_edit_data(draft)
    data["action-cancel-workflow"] = "1"
    client.post(edit_url(draft), data)
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_CANCELLED

    assert not publish_offered(client.get(edit_url(draft)).text)
    data = factories.contract_edit_data(draft)
    data["action-publish"] = "1"
    client.post(edit_url(draft), data)

    draft.refresh_from_db()
    assert not draft.live


def test_deciding_body_sees_no_plain_publish_and_one_clear_decision_label(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    client.force_login(roles["deciding"])

    page = client.get(edit_url(draft))
    modal = client.get(action_url(draft, "approve")).json()["html"]

    assert not publish_offered(page.text)
    assert "Registrera beslut och publicera" in page.text
    assert "och Publicera" not in page.text
    assert "Registrera beslut och publicera" in modal


def test_the_decision_form_offers_only_the_kinds_for_a_contract_adoption_first(
    client, roles, draft
):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    client.force_login(roles["deciding"])

    html = client.get(action_url(draft, "approve")).json()["html"]

    options = re.findall(r'<option value="(\w+)"( selected)?', html)
    assert options == [("adoption", " selected"), ("revision", "")]
    assert 'name="decided_text"' in html


def test_a_kind_that_does_not_fit_the_page_is_refused(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)

    response = act(client, roles["deciding"], draft, "approve", {**DECISION, "kind": "referral"})

    assert response.status_code == 400
    assert not Decision.objects.exists()
    draft.refresh_from_db()
    assert not draft.live


def test_a_decision_without_what_was_decided_is_refused_with_the_error_by_the_field(
    client, roles, draft
):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    xhr = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}

    response = act(
        client, roles["deciding"], draft, "approve", {**DECISION, "decided_text": ""}, **xhr
    )

    html = response.json()["html"]
    assert 'aria-invalid="true" id="id_decided_text"' in html
    assert 'value="KS 2026/123"' in html
    assert not Decision.objects.exists()


def test_the_decision_recorded_in_the_task_has_its_kind_and_text(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)

    act(client, roles["deciding"], draft, "approve", DECISION)

    decision = Decision.objects.get(page=draft)
    assert decision.kind == "adoption"
    assert decision.decided_text == DECISION["decided_text"]
    public = client.get(draft.url)
    assert "Antagande" in public.text
    assert DECISION["decided_text"] in public.text


def test_an_adoption_followed_by_a_revision_shows_both_newest_first(client, contract):
    factories.record_decision(
        contract,
        kind="adoption",
        decided_text="Kontraktet antas.",
        decision_date=datetime.date(2026, 3, 10),
        case_number="KS 2026/10",
    )
    factories.record_decision(
        contract,
        kind="revision",
        decided_text="Åtagande 3 skjuts upp ett år.",
        decision_date=datetime.date(2026, 9, 1),
        case_number="KS 2026/99",
    )

    html = client.get(contract.url).text

    assert "<caption>" in html
    assert html.index("KS 2026/99") < html.index("KS 2026/10")
    assert "Revidering" in html and "Antagande" in html
    assert "Åtagande 3 skjuts upp ett år." in html and "Kontraktet antas." in html


def test_a_referral_does_not_adopt_a_contract(roles, draft):
    from wagtail_medborgardialog.signal_handlers import adopt_contract_on_decision

    state_revision = draft.save_revision()
    decision = factories.record_decision(draft, kind="referral")

    class State:
        revision = state_revision

    adopt_contract_on_decision(Decision, decision, State)

    state_revision.refresh_from_db()
    assert state_revision.content["contract_status"] == "negotiation"


# --- The dialogue workflow: SKR's decision before step 5 -----------------------------------


@pytest.fixture
def dialogue(roles, index):
    """A live dialogue process in SKR step 4 under the review workflow (from the index)."""
    page = factories.make_process_with_steps(
        index, step_statuses=[DONE, DONE, DONE, ONGOING], slug="trygghet", title="Trygghet"
    )
    assert page.get_workflow().name == workflows.REVIEW_WORKFLOW
    return page


def submit_dialogue(client, user, page, **changes):
    client.force_login(user)
    data = edit_form_data(client, page, **changes)
    data["action-submit"] = "1"
    return client.post(edit_url(page), data)


def test_the_review_workflow_has_the_decision_step(roles):
    review = Workflow.objects.get(name=workflows.REVIEW_WORKFLOW)

    tasks = [task.specific for task in review.tasks]

    assert [task.name for task in tasks] == [
        workflows.PROCESS_LEADER_TASK,
        workflows.STEERING_GROUP_TASK,
        workflows.DECISION_TASK,
    ]
    assert isinstance(tasks[-1], PoliticalDecisionTask)


def test_a_dialogue_reaches_skr_step_five_only_through_the_decision(client, roles, dialogue):
    # Step 5 cannot be started before the decision: the gate says how to get it.
    refused = submit_dialogue(
        client, roles["editor"], dialogue, **{"steps-3-status": "done", "steps-4-status": "ongoing"}
    )
    assert refused.status_code == 200
    assert str(decision_gate_message()) in refused.text

    # Step 4 done: the workflow waits for the deciding body after the steering group.
    assert (
        submit_dialogue(client, roles["editor"], dialogue, **{"steps-3-status": "done"}).status_code
        == 302
    )
    assert act(client, roles["leader"], dialogue, "approve").status_code == 302
    client.force_login(roles["steering"])
    assert not publish_offered(client.get(edit_url(dialogue)).text)
    assert act(client, roles["steering"], dialogue, "approve").status_code == 302
    assert isinstance(current_task_state(dialogue).task.specific, PoliticalDecisionTask)

    client.force_login(roles["deciding"])
    modal = client.get(action_url(dialogue, "approve")).json()["html"]
    options = re.findall(r'<option value="(\w+)"( selected)?', modal)
    assert options == [("implementation", " selected"), ("assignment", "")]
    assert act(client, roles["deciding"], dialogue, "approve", IMPLEMENTATION).status_code == 302
    decision = Decision.objects.get(page=dialogue)
    assert decision.kind == "implementation"

    # Now step 5 may start; the decision step is passed by, and the steering group publishes.
    response = submit_dialogue(
        client, roles["editor"], dialogue, **{"steps-3-status": "done", "steps-4-status": "ongoing"}
    )
    assert response.status_code == 302
    assert act(client, roles["leader"], dialogue, "approve").status_code == 302
    assert act(client, roles["steering"], dialogue, "approve").status_code == 302
    page = DialogueProcessPage.objects.get(pk=dialogue.pk)
    assert page.current_step.skr_step == 5
    assert Decision.objects.filter(page=dialogue).count() == 1


def test_an_ordinary_update_of_a_dialogue_passes_the_decision_step_by(client, roles, dialogue):
    response = submit_dialogue(client, roles["editor"], dialogue, title="Trygghet i centrum")
    assert response.status_code == 302
    assert act(client, roles["leader"], dialogue, "approve").status_code == 302
    mail.outbox.clear()

    assert act(client, roles["steering"], dialogue, "approve").status_code == 302

    workflow_state = WorkflowState.objects.get(object_id=str(dialogue.pk))
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    decision_state = workflow_state.task_states.get(task__name=workflows.DECISION_TASK)
    assert decision_state.status == "skipped"
    dialogue.refresh_from_db()
    assert dialogue.title == "Trygghet i centrum"
    assert all(roles["deciding"].email not in m.to for m in mail.outbox)


def test_an_assignment_does_not_open_skr_step_five(client, roles, dialogue):
    factories.record_decision(dialogue, kind="assignment")

    response = submit_dialogue(
        client, roles["editor"], dialogue, **{"steps-3-status": "done", "steps-4-status": "ongoing"}
    )

    assert response.status_code == 200
    assert str(decision_gate_message()) in response.text


def test_setup_adds_the_decision_step_to_an_existing_review_workflow_once(roles):
    review = Workflow.objects.get(name=workflows.REVIEW_WORKFLOW)
    # An install from before the step: the workflow has the two review steps, plus one an
    # editor added.
    review.workflow_tasks.filter(task__name=workflows.DECISION_TASK).delete()
    extra = factories_group_task("Granskning av kommunikatör")
    WorkflowTask.objects.create(workflow=review, task=extra, sort_order=5)

    first = workflows.setup_defaults()
    workflows.setup_defaults()

    names = [task.name for task in review.tasks]
    assert names == [
        workflows.PROCESS_LEADER_TASK,
        workflows.STEERING_GROUP_TASK,
        "Granskning av kommunikatör",
        workflows.DECISION_TASK,
    ]
    assert f"{workflows.DECISION_TASK} in {workflows.REVIEW_WORKFLOW}" in first.created


def factories_group_task(name):
    from wagtail.models import GroupApprovalTask

    return GroupApprovalTask.objects.create(name=name)


def test_existing_decisions_get_a_kind_that_fits_their_page(roles, draft, dialogue):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "wagtail_medborgardialog.migrations.0003_decision_kinds_and_four_eyes"
    )
    on_contract = factories.record_decision(draft, kind="implementation")
    on_process = factories.record_decision(dialogue, kind="implementation")

    migration.give_existing_decisions_a_kind(apps, None)

    on_contract.refresh_from_db()
    on_process.refresh_from_db()
    assert (on_contract.kind, on_process.kind) == ("adoption", "implementation")


# --- The register: the deciding body records decisions about its own pages ----------------

ADD = "medborgardialog_decisions:add"


@pytest.fixture
def other_site(roles):
    """A second municipality on the same installation, with its own tree and deciding body."""
    home = factories.make_home(hostname="annan.example.se", title="Annan kommun")
    index = factories.make_index(home, slug="dialoger")
    process = factories.make_process(index, title="Annan dialog", slug="annan-dialog")
    group = Group.objects.create(name="Beslutande organ (Annan kommun)")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["view_decision", "add_decision", "change_decision"]
        )
    )
    for action in ("change", "publish"):
        GroupPagePermission.objects.create(group=group, page=index, permission_type=action)
    return {
        "site": Site.objects.get(hostname="annan.example.se"),
        "process": process,
        "deciding": make_user("beslutande_annan", group),
    }


def register_data(page, **changes):
    return {
        "page": page.pk,
        "kind": "assignment",
        "decided_text": "Förvaltningen får i uppdrag att genomföra en dialog.",
        "deciding_body": "Kommunstyrelsen",
        "decision_date": "2026-02-01",
        "case_number": "KS 2026/7",
        "minutes_paragraph": "7",
        "minutes_url": "",
        **changes,
    }


def test_deciding_body_has_the_add_decision_permission(roles):
    assert roles["deciding"].has_perm("wagtail_medborgardialog.add_decision")
    assert not roles["steering"].has_perm("wagtail_medborgardialog.add_decision")


def test_deciding_body_records_a_decision_from_the_register(client, roles, dialogue, other_site):
    client.force_login(roles["deciding"])

    form = client.get(reverse(ADD))
    response = client.post(reverse(ADD), register_data(dialogue))

    assert form.status_code == 200
    assert f'<option value="{dialogue.pk}"' in form.text
    assert f'<option value="{other_site["process"].pk}"' not in form.text
    assert response.status_code == 302
    decision = Decision.objects.get(page=dialogue)
    assert decision.kind == "assignment"
    assert decision.decided_by == roles["deciding"]
    assert decision.page_title == dialogue.title


def test_the_register_refuses_a_decision_about_a_page_of_another_site(
    client, roles, other_site, dialogue
):
    client.force_login(other_site["deciding"])

    response = client.post(reverse(ADD), register_data(dialogue))

    assert response.status_code == 200
    assert "page" in response.context["form"].errors
    assert "Förvaltningen får i uppdrag att genomföra en dialog." in response.text
    assert not Decision.objects.exists()


def test_the_register_refuses_a_decision_without_text_keeping_what_was_written(
    client, roles, dialogue
):
    client.force_login(roles["deciding"])

    response = client.post(reverse(ADD), register_data(dialogue, decided_text=""))

    assert response.status_code == 200
    assert "decided_text" in response.context["form"].errors
    assert 'value="KS 2026/7"' in response.text
    assert not Decision.objects.exists()


@pytest.mark.parametrize("view", ["edit", "inspect", "history", "delete"])
def test_a_user_of_another_site_gets_404_on_this_sites_decision(
    client, roles, dialogue, other_site, view
):
    decision = factories.record_decision(dialogue)
    client.force_login(other_site["deciding"])

    response = client.get(reverse(f"medborgardialog_decisions:{view}", args=[decision.pk]))

    assert response.status_code == 404


def test_the_register_lists_only_the_users_sites_decisions(client, roles, dialogue, other_site):
    factories.record_decision(dialogue, case_number="KS 2026/1")
    factories.record_decision(other_site["process"], case_number="AK 2026/2")
    client.force_login(other_site["deciding"])

    response = client.get(reverse("medborgardialog_decisions:index"))

    assert "AK 2026/2" in response.text
    assert "KS 2026/1" not in response.text


# --- Four eyes: the submitter does not approve their own step (What was seen 8) -----------


@pytest.fixture
def four_eyes(home):
    from wagtail_medborgardialog.models import MedborgardialogSettings

    site_settings = MedborgardialogSettings.for_site(Site.objects.get(root_page=home))
    site_settings.four_eyes = True
    site_settings.save()


def test_the_process_leader_cannot_approve_their_own_submission_with_four_eyes(
    client, roles, dialogue, four_eyes
):
    leader = roles["leader"]
    assert submit_dialogue(client, leader, dialogue, title="Trygghet i stan").status_code == 302
    task_state = current_task_state(dialogue)
    assert task_state.task.name == workflows.PROCESS_LEADER_TASK

    page = client.get(edit_url(dialogue))
    assert 'data-workflow-action-name="approve"' not in page.text
    assert client.get(action_url(dialogue, "approve")).status_code == 302
    assert act(client, leader, dialogue, "approve").status_code == 302
    data = edit_form_data(client, dialogue)
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
    client.post(edit_url(dialogue), data)

    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    other = make_user("processledare2", Group.objects.get(name=workflows.PROCESS_LEADERS))
    assert act(client, other, dialogue, "approve").status_code == 302
    assert current_task_state(dialogue).task.name == workflows.STEERING_GROUP_TASK


def test_without_four_eyes_the_process_leader_approves_their_own_submission(
    client, roles, dialogue
):
    leader = roles["leader"]
    assert submit_dialogue(client, leader, dialogue, title="Trygghet i stan").status_code == 302

    assert 'data-workflow-action-name="approve"' in client.get(edit_url(dialogue)).text
    assert act(client, leader, dialogue, "approve").status_code == 302

    assert current_task_state(dialogue).task.name == workflows.STEERING_GROUP_TASK


def test_four_eyes_also_binds_the_deciding_body(client, roles, draft, four_eyes):
    member = roles["deciding"]
    submit(client, member, draft)
    approve_reviews(client, roles, draft)

    client.force_login(member)
    assert "Registrera beslut" not in client.get(edit_url(draft)).text
    assert act(client, member, draft, "approve", DECISION).status_code == 302

    assert not Decision.objects.exists()
    assert isinstance(current_task_state(draft).task.specific, PoliticalDecisionTask)


def test_setup_gives_an_existing_review_task_four_eyes_keeping_its_id_and_groups(db):
    from wagtail.models import GroupApprovalTask

    from wagtail_medborgardialog.models import GroupReviewTask

    reviewers = Group.objects.create(name="Granskare")
    old = GroupApprovalTask.objects.create(name=workflows.PROCESS_LEADER_TASK)
    old.groups.set([reviewers])

    workflows.setup_defaults()
    workflows.setup_defaults()

    task = GroupReviewTask.objects.get(pk=old.pk)
    assert task.name == workflows.PROCESS_LEADER_TASK
    assert list(task.groups.all()) == [reviewers]
    assert not GroupApprovalTask.objects.filter(pk=old.pk).exists()
    review = Workflow.objects.get(name=workflows.REVIEW_WORKFLOW)
    assert review.tasks.first().specific == task


def test_the_register_offers_only_the_users_deciding_bodies(client, roles, dialogue, other_site):
    factories.record_decision(dialogue, deciding_body="Kommunstyrelsen i Testkommun")
    factories.record_decision(other_site["process"], deciding_body="Annan kommuns styrelse")
    client.force_login(other_site["deciding"])

    response = client.get(reverse("medborgardialog_decisions:index"))

    assert "Annan kommuns styrelse" in response.text
    assert "Kommunstyrelsen i Testkommun" not in response.text


def test_steering_group_cannot_create_and_publish_a_contract_past_the_decision(
    client, roles, dialogue
):
    from wagtail_medborgardialog.models import CommunityContractPage

    client.force_login(roles["steering"])
    url = reverse(
        "wagtailadmin_pages:add",
        args=["wagtail_medborgardialog", "communitycontractpage", dialogue.pk],
    )

    form = client.get(url)
    response = client.post(url, {"title": "Nytt kontrakt", "slug": "nytt", "action-publish": "1"})

    assert form.status_code == 200
    assert not publish_offered(form.text)
    assert response.status_code == 302
    assert not CommunityContractPage.objects.filter(title="Nytt kontrakt").exists()
