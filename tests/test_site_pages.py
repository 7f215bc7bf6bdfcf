"""A site's own pages, composed from the plugin's abstract bases (tests/testapp), behave as
the plugin's: the same journeys run against both."""

import pytest
from django.core import mail
from wagtail.test.utils.form_data import querydict_from_html

from tests import factories
from tests.testapp.models import processes as site_processes
from tests.testapp.models.processes import SiteDialogueProcessPage, SiteProcessStep
from wagtail_medborgardialog import antispam, moderation
from wagtail_medborgardialog.models import (
    AbstractDialogueProcessPage,
    Contribution,
    ContributionStatus,
    DialogueProcessPage,
    ProcessStatus,
    ProcessStep,
    SkrStep,
    StepStatus,
)
from wagtail_medborgardialog.processes.status import annotate_status

S = ContributionStatus
pytestmark = pytest.mark.usefixtures("run_on_commit", "fast_forms")
PAGE_TYPES = {
    "plugin": (DialogueProcessPage, ProcessStep),
    "site": (SiteDialogueProcessPage, SiteProcessStep),
}


@pytest.fixture(params=list(PAGE_TYPES))
def page_type(request):
    return PAGE_TYPES[request.param]


@pytest.fixture
def ongoing(page_type, index, home):
    page_model, step_model = page_type
    parent = index if page_model is DialogueProcessPage else home
    step = step_model(
        skr_step=SkrStep.PERSPECTIVES, title="Perspektivinsamling", status=StepStatus.ONGOING
    )
    return factories.add_page(
        parent, page_model, title="Nya parken", question="Hur ska parken användas?", steps=[step]
    )


def form_data(**overrides):
    return {
        "text": "Fler bänkar vid dammen.",
        "display_name": "Grannen",
        "organisation": "",
        "email": "granne@example.se",
        "consent": "on",
        "website": "",
        "form_ts": antispam.make_timestamp(),
        **overrides,
    }


def test_the_docs_example_is_the_test_apps_module():
    """docs/installation.md shows tests/testapp/models/processes.py; it must compose."""
    assert issubclass(site_processes.SiteDialogueProcessPage, AbstractDialogueProcessPage)
    assert SiteDialogueProcessPage.get_step_model() is SiteProcessStep
    assert DialogueProcessPage.get_step_model() is ProcessStep


@pytest.mark.django_db  # a page looks up its content type
def test_a_new_process_of_either_type_starts_with_skrs_seven_steps(page_type):
    page_model, step_model = page_type
    page = page_model.with_default_steps(title="Parken")
    steps = list(page.steps.all())
    assert [type(s) for s in steps] == [step_model] * 7
    assert [s.skr_step for s in steps] == [1, 2, 3, 4, 5, 6, 7]


def test_status_is_derived_and_annotated_from_the_pages_own_steps(ongoing):
    assert ongoing.process_status == ProcessStatus.ONGOING
    annotated = annotate_status(type(ongoing).objects.filter(pk=ongoing.pk)).get()
    assert annotated.derived_status == ProcessStatus.ONGOING
    assert annotated.current_step_title == "Perspektivinsamling"


def test_the_page_renders_with_its_steps_and_the_form(client, ongoing):
    html = client.get(ongoing.url).content.decode()
    assert "Perspektivinsamling" in html
    assert 'id="mbd-contribution-form"' in html


def test_a_contribution_is_confirmed_moderated_and_published(client, ongoing):
    response = client.post(ongoing.url + "synpunkter/", form_data())
    assert response.status_code == 302
    contribution = Contribution.objects.get(page=ongoing)
    assert contribution.status == S.UNCONFIRMED
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/bekrafta/" in line)
    client.post(link.strip())
    contribution.refresh_from_db()
    assert contribution.status == S.PENDING
    moderation.approve(contribution, factories.make_moderator("moderator", ongoing))
    contribution.refresh_from_db()
    assert contribution.status == S.PUBLISHED
    assert "Fler bänkar vid dammen." in client.get(ongoing.url).content.decode()


def test_a_closed_process_refuses_input_and_stores_nothing(client, ongoing):
    ongoing.steps.update(status=StepStatus.DONE)
    response = client.post(ongoing.url + "synpunkter/", form_data())
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_the_admin_create_form_of_the_site_page_is_prefilled_and_has_its_field(admin_client, home):
    response = admin_client.get(
        f"/admin/pages/add/medborgardialog_testapp/sitedialogueprocesspage/{home.pk}/"
    )
    assert response.status_code == 200
    data = querydict_from_html(response.text, form_id="page-edit-form")
    assert data["steps-TOTAL_FORMS"] == "7"
    assert "budget" in data
