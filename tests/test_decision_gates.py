"""Gates: what may not happen before a political decision is on record for the page."""

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from tests.test_process_status import edit_form_data
from wagtail_medborgardialog.models import DialogueProcessPage, StepStatus
from wagtail_medborgardialog.processes.status import decision_gate_message

DONE, ONGOING = StepStatus.DONE, StepStatus.ONGOING


@pytest.fixture
def ongoing_process(index):
    """A live process in SKR step 4 (steps 1-3 done)."""
    return factories.make_process_with_steps(
        index, step_statuses=[DONE, DONE, DONE, ONGOING], slug="pagar"
    )


def post_step_five(admin_client, page, status):
    data = edit_form_data(
        admin_client, page, **{"steps-3-status": "done", "steps-4-status": status}
    )
    data["action-publish"] = "action-publish"
    return admin_client.post(f"/admin/pages/{page.pk}/edit/", data)


@pytest.mark.parametrize("status", ["ongoing", "done"])
def test_step_after_skr_step_four_cannot_start_without_a_decision(
    admin_client, ongoing_process, status
):
    response = post_step_five(admin_client, ongoing_process, status)
    assert response.status_code == 200
    step_form = response.context["form"].formsets["steps"].forms[4]
    assert step_form.errors["status"] == [decision_gate_message()]
    assert str(decision_gate_message()) in response.text
    page = DialogueProcessPage.objects.get(pk=ongoing_process.pk)
    assert [s.status for s in page.steps.all()][3:5] == [ONGOING, "not_started"]


def test_step_after_skr_step_four_may_start_once_the_decision_is_on_record(
    admin_client, ongoing_process
):
    factories.record_decision(ongoing_process)
    response = post_step_five(admin_client, ongoing_process, "ongoing")
    assert response.status_code == 302
    page = DialogueProcessPage.objects.get(pk=ongoing_process.pk)
    assert page.current_step.skr_step == 5


def test_steps_up_to_skr_step_four_need_no_decision(admin_client, ongoing_process):
    data = edit_form_data(admin_client, ongoing_process, **{"steps-3-status": "done"})
    data["action-publish"] = "action-publish"
    assert admin_client.post(f"/admin/pages/{ongoing_process.pk}/edit/", data).status_code == 302


def test_the_model_refuses_a_started_step_five_without_a_decision(ongoing_process):
    steps = list(ongoing_process.steps.all())
    steps[4].status = ONGOING
    with pytest.raises(ValidationError) as error:
        ongoing_process.clean_steps(steps)
    assert str(decision_gate_message()) in str(error.value)
