from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import querydict_from_html

from tests import factories
from wagtail_medborgardialog.models import DialogueProcessPage, ProcessStep, StepStatus

SKR_STEP_NAMES = [
    "Förberedelser",
    "Perspektivinsamling",
    "Dialog, experimenterande och medskapande",
    "Förslag, åtgärder och åtaganden",
    "Beslut om genomförande",
    "Genomförande",
    "Kapacitetsutveckling",
]


@pytest.mark.django_db  # a page looks up its content type
def test_a_new_process_starts_with_skrs_seven_steps_in_order():
    page = DialogueProcessPage.with_default_steps(title="Parken")
    steps = list(page.steps.all())
    assert [step.title for step in steps] == SKR_STEP_NAMES
    assert [step.skr_step for step in steps] == [1, 2, 3, 4, 5, 6, 7]
    assert all(step.description for step in steps)
    assert all(step.status == StepStatus.NOT_STARTED for step in steps)


@pytest.mark.django_db  # a page looks up its content type
def test_steps_two_three_four_and_six_are_marked_as_influenced_by_the_dialogue():
    page = DialogueProcessPage.with_default_steps(title="Parken")
    influenced = [s.skr_step for s in page.steps.all() if s.influenced_by_dialogue]
    assert influenced == [2, 3, 4, 6]


@pytest.mark.django_db  # a page looks up its content type
def test_seeding_leaves_existing_steps_alone():
    page = DialogueProcessPage(title="Parken")
    page.steps = [ProcessStep(title="Eget steg")]
    page.seed_default_steps()
    assert [s.title for s in page.steps.all()] == ["Eget steg"]


def test_seeded_steps_are_saved_with_the_page(index):
    page = factories.make_process_with_steps(index)
    assert ProcessStep.objects.filter(page=page).count() == 7


def test_the_admin_create_form_is_prefilled_with_seven_steps(admin_client, index):
    response = admin_client.get(
        f"/admin/pages/add/wagtail_medborgardialog/dialogueprocesspage/{index.pk}/"
    )
    assert response.status_code == 200
    data = querydict_from_html(response.text, form_id="page-edit-form")
    assert data["steps-TOTAL_FORMS"] == "7"
    assert [data[f"steps-{i}-title"] for i in range(7)] == SKR_STEP_NAMES


def test_creating_a_process_in_the_admin_saves_the_seven_steps(admin_client, index):
    url = f"/admin/pages/add/wagtail_medborgardialog/dialogueprocesspage/{index.pk}/"
    data = querydict_from_html(admin_client.get(url).text, form_id="page-edit-form")
    data = data.copy()
    data.update({"title": "Lekplatsen", "slug": "lekplatsen"})
    for i in range(7):
        data[f"steps-{i}-documents-count"] = "0"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    page = DialogueProcessPage.objects.get(slug="lekplatsen")
    assert [s.skr_step for s in page.steps.all()] == [1, 2, 3, 4, 5, 6, 7]


def test_editors_can_add_steps_without_an_skr_step(index):
    page = factories.make_process_with_steps(index)
    ProcessStep.objects.create(page=page, title="Extra workshop", sort_order=8)
    assert page.steps.last().skr_step is None


def test_a_step_that_ends_before_it_starts_is_refused(index):
    page = DialogueProcessPage.with_default_steps(title="Parken", slug="parken")
    first = page.steps.all()[0]
    first.start_date, first.end_date = date(2026, 5, 1), date(2026, 4, 1)
    with pytest.raises(ValidationError, match="slutar innan det börjar"):
        index.add_child(instance=page)
