"""The approval workflows end to end, through the admin views, as the real users.

The three-step "Samhällskontrakt: antagande" workflow runs on a community contract that is
still being negotiated; the decision recorded on the way adopts it.
"""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowState

from tests import factories
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import (
    CommunityContractPage,
    Decision,
    PoliticalDecisionTask,
)

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
PASSWORD = "exempelkommun"

DECISION = {
    "kind": "adoption",
    "decided_text": "Kommunstyrelsen antar samhällskontraktet för Norrby.",
    "deciding_body": "Kommunstyrelsen",
    "decision_date": "2026-03-04",
    "case_number": "KS 2026/123",
    "minutes_paragraph": "45",
    "minutes_url": "https://exempelkommun.se/protokoll/ks-2026-03-04",
    "comment": "",
}


def make_user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@exempelkommun.se", PASSWORD)
    user.groups.add(group)
    return user


@pytest.fixture
def draft(process):
    """A new, never published contract under negotiation, below a dialogue process."""
    page = CommunityContractPage(
        title="Samhällskontrakt Norrby",
        vision="<p>Ett tryggt Norrby.</p>",
        contract_status="negotiation",
    )
    page.live = False
    process.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def roles(index, draft):
    """The default groups and workflows, one user per role, and the contract workflow on
    the draft page."""
    workflows.setup_defaults()
    WorkflowPage.objects.update_or_create(
        page=draft, defaults={"workflow": Workflow.objects.get(name=workflows.CONTRACT_WORKFLOW)}
    )
    editors = Group.objects.create(name="Redaktörer")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for action in ("add", "change"):
        GroupPagePermission.objects.create(group=editors, page=index, permission_type=action)
    return {
        "editor": make_user("redaktor", editors),
        "leader": make_user("processledare", Group.objects.get(name=workflows.PROCESS_LEADERS)),
        "steering": make_user("styrgrupp", Group.objects.get(name=workflows.STEERING_GROUP)),
        "deciding": make_user("beslutande", Group.objects.get(name=workflows.DECIDING_BODY)),
        "outsider": make_user("utomstaende", editors),
    }


def edit_data(page, **changes):
    return factories.contract_edit_data(page, **changes)


def submit(client, user, page):
    client.force_login(user)
    data = edit_data(page)
    data["action-submit"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    return WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")


def current_task_state(page):
    page.refresh_from_db()
    return page.current_workflow_task_state


def action_url(page, action):
    return reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, current_task_state(page).pk],
    )


def act(client, user, page, action, data=None, **headers):
    client.force_login(user)
    return client.post(action_url(page, action), data or {"comment": ""}, **headers)


def assert_denied(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def approve_reviews(client, roles, page):
    """Process leader and steering group approve; the page waits for the decision."""
    assert act(client, roles["leader"], page, "approve").status_code == 302
    assert act(client, roles["steering"], page, "approve").status_code == 302
    assert isinstance(current_task_state(page).task.specific, PoliticalDecisionTask)


def test_contract_passes_review_steering_group_and_decision_and_is_published(client, roles, draft):
    workflow_state = submit(client, roles["editor"], draft)
    assert current_task_state(draft).task.name == workflows.PROCESS_LEADER_TASK
    approve_reviews(client, roles, draft)

    client.force_login(roles["deciding"])
    modal = client.get(action_url(draft, "approve"))
    assert modal.status_code == 200
    assert 'name="case_number"' in modal.json()["html"]
    decided = client.post(action_url(draft, "approve"), DECISION)
    assert decided.status_code == 302

    draft.refresh_from_db()
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert draft.live
    decision = Decision.objects.get(page=draft)
    assert decision.case_number == "KS 2026/123"
    assert decision.decided_by == roles["deciding"]
    assert decision.revision == draft.live_revision
    assert decision.decision_date == datetime.date(2026, 3, 4)
    # The decision adopted the contract in the published revision.
    contract = CommunityContractPage.objects.get(pk=draft.pk)
    assert contract.contract_status == "adopted"
    assert (contract.deciding_body, contract.case_number) == ("Kommunstyrelsen", "KS 2026/123")

    public = client.get(draft.url)
    assert "Beslutat av Kommunstyrelsen 2026-03-04, § 45, dnr KS 2026/123" in public.text


def test_decision_without_case_number_rerenders_the_form_and_approves_nothing(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    task_state = current_task_state(draft)

    incomplete = {**DECISION, "case_number": ""}
    response = act(client, roles["deciding"], draft, "approve", incomplete, **XHR)

    assert response.status_code == 200
    html = response.json()["html"]
    assert 'aria-invalid="true" id="id_case_number"' in html
    assert "Det här fältet är obligatoriskt" in html
    assert 'value="Kommunstyrelsen"' in html
    assert not Decision.objects.exists()
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    draft.refresh_from_db()
    assert not draft.live


def test_the_editors_action_menu_path_records_the_decision_from_json(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    client.force_login(roles["deciding"])
    data = edit_data(draft)
    data["action-workflow-action"] = "1"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = json.dumps(DECISION)

    response = client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), data)

    assert response.status_code == 302
    assert Decision.objects.get(page=draft).decision_date == datetime.date(2026, 3, 4)
    draft.refresh_from_db()
    assert draft.live


@pytest.mark.parametrize("step", ["leader", "steering", "deciding"])
def test_rejection_at_each_step_returns_the_page_to_the_editor_with_the_comment(
    client, roles, draft, step
):
    workflow_state = submit(client, roles["editor"], draft)
    if step != "leader":
        assert act(client, roles["leader"], draft, "approve").status_code == 302
    if step == "deciding":
        assert act(client, roles["steering"], draft, "approve").status_code == 302
    mail.outbox.clear()

    comment = "Förtydliga åtagandena i avsnitt 2."
    response = act(client, roles[step], draft, "reject", {"comment": comment})

    assert response.status_code == 302
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert workflow_state.current_task_state.comment == comment
    to_editor = [m for m in mail.outbox if roles["editor"].email in m.to]
    assert to_editor and comment in to_editor[0].body
    draft.refresh_from_db()
    assert not draft.live


def test_rejecting_the_decision_needs_a_comment(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)

    response = act(client, roles["deciding"], draft, "reject", {"comment": ""}, **XHR)

    assert response.status_code == 200
    assert 'name="comment"' in response.json()["html"]
    assert current_task_state(draft).status == "in_progress"


@pytest.mark.parametrize("outsider", ["outsider", "steering", "deciding"])
def test_a_user_outside_the_tasks_group_cannot_act_on_it(client, roles, draft, outsider):
    submit(client, roles["editor"], draft)
    task_state = current_task_state(draft)

    client.force_login(roles[outsider])
    assert_denied(client.get(action_url(draft, "approve")))
    assert_denied(act(client, roles[outsider], draft, "approve"))
    assert_denied(act(client, roles[outsider], draft, "reject", {"comment": "Nej"}))

    task_state.refresh_from_db()
    assert task_state.status == "in_progress"


def test_a_steering_group_member_cannot_skip_the_decision(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    steering = roles["steering"]

    assert_denied(act(client, steering, draft, "approve", DECISION))
    data = edit_data(draft)
    data["action-publish"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert not Decision.objects.exists()
    assert isinstance(current_task_state(draft).task.specific, PoliticalDecisionTask)


def test_the_deciding_body_is_emailed_when_a_page_awaits_its_decision(client, roles, draft):
    submit(client, roles["editor"], draft)
    assert act(client, roles["leader"], draft, "approve").status_code == 302
    mail.outbox.clear()

    assert act(client, roles["steering"], draft, "approve").status_code == 302

    recipients = [address for message in mail.outbox for address in message.to]
    assert recipients.count(roles["deciding"].email) == 1
    assert roles["leader"].email not in recipients
    to_deciding = next(m for m in mail.outbox if roles["deciding"].email in m.to)
    assert draft.title in to_deciding.subject


def test_the_decision_is_in_the_workflow_history(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    act(client, roles["deciding"], draft, "approve", DECISION)

    task_state = (
        draft.workflow_states.get().task_states.get(task__name=workflows.DECISION_TASK).specific
    )
    assert "KS 2026/123" in task_state.get_comment()


def test_an_incomplete_decision_posted_through_the_action_menu_is_refused(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    client.force_login(roles["deciding"])
    data = edit_data(draft)
    data["action-workflow-action"] = "1"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = json.dumps({**DECISION, "case_number": ""})

    response = client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), data)

    assert response.status_code == 400
    assert not Decision.objects.exists()
    assert current_task_state(draft).status == "in_progress"


def test_a_steering_group_member_cannot_bulk_publish_a_page_awaiting_its_decision(
    client, roles, draft, index
):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    client.force_login(roles["steering"])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))

    response = client.post(f"{url}?id={index.pk}", {"include_descendants": "on"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert isinstance(current_task_state(draft).task.specific, PoliticalDecisionTask)


def test_a_superuser_may_still_publish_a_page_awaiting_its_decision(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    admin = get_user_model().objects.create_superuser("admin", "a@exempelkommun.se", PASSWORD)
    client.force_login(admin)
    data = edit_data(draft)
    data["action-publish"] = "1"

    client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert draft.live


def test_a_decision_dated_in_the_future_is_refused_with_the_reason(client, roles, draft):
    submit(client, roles["editor"], draft)
    approve_reviews(client, roles, draft)
    future = {**DECISION, "decision_date": "2999-01-01"}

    response = act(client, roles["deciding"], draft, "approve", future, **XHR)

    assert "inte dateras i framtiden" in response.json()["html"]
    assert not Decision.objects.exists()


def test_recording_a_decision_sends_decision_recorded_before_publishing(client, roles, draft):
    from wagtail_medborgardialog.signals import decision_recorded

    seen = []

    def receiver(sender, decision, task_state, user, **kwargs):
        draft.refresh_from_db()
        seen.append((decision.case_number, user, draft.live))

    decision_recorded.connect(receiver)
    try:
        submit(client, roles["editor"], draft)
        approve_reviews(client, roles, draft)
        act(client, roles["deciding"], draft, "approve", DECISION)
    finally:
        decision_recorded.disconnect(receiver)

    assert seen == [("KS 2026/123", roles["deciding"], False)]


def test_a_receiver_that_refuses_the_decision_leaves_nothing_recorded(client, roles, draft):
    from wagtail_medborgardialog.signals import decision_recorded

    def refuse(sender, **kwargs):
        raise PermissionError("not now")

    decision_recorded.connect(refuse)
    try:
        submit(client, roles["editor"], draft)
        approve_reviews(client, roles, draft)
        with pytest.raises(PermissionError):
            act(client, roles["deciding"], draft, "approve", DECISION)
    finally:
        decision_recorded.disconnect(refuse)

    assert not Decision.objects.exists()
    assert current_task_state(draft).status == "in_progress"
