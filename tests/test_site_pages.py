"""A site's own pages, composed from the plugin's abstract bases (tests/testapp), behave as
the plugin's: the same journeys run against both."""

import inspect
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from tests import factories
from tests.testapp.models import processes as site_processes
from tests.testapp.models.consultations import SiteConsultationAnswer, SiteConsultationPage
from tests.testapp.models.processes import SiteDialogueProcessPage, SiteProcessStep
from wagtail_medborgardialog import antispam
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.models import (
    AbstractConsultationPage,
    AbstractDialogueProcessPage,
    ConsultationAnswer,
    ConsultationPage,
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


@pytest.fixture
def no_opt_in(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_DOUBLE_OPT_IN = False


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


def test_the_docs_show_the_test_apps_code():
    docs = (Path(__file__).parent.parent / "docs" / "installation.md").read_text()
    section = docs.split("## How to compose your own page", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    source = inspect.getsource(site_processes)
    for line in example.splitlines():
        assert line in source.splitlines(), line


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


# --- consultations ---------------------------------------------------------------------

CONSULTATION_TYPES = {"plugin": ConsultationPage, "site": SiteConsultationPage}
FREE = "Vad tycker du om förslaget?"
SINGLE = "Vilket alternativ föredrar du?"


@pytest.fixture(params=list(CONSULTATION_TYPES))
def consultation(request, process):
    body = factories.make_stakeholder(email="kansli@norrbyif.se")
    return factories.make_consultation(
        process, model=CONSULTATION_TYPES[request.param], invited=[body]
    )


def response_data(page, **overrides):
    names = {q.text: q.field_name for q in page.questions.all()}
    return {
        **form_data(text=""),
        names[FREE]: "Behåll ängen.",
        names[SINGLE]: "Alternativ B",
        **overrides,
    }


def test_the_docs_consultation_example_composes():
    assert issubclass(SiteConsultationPage, AbstractConsultationPage)
    assert SiteConsultationPage.get_answer_model() is SiteConsultationAnswer
    assert ConsultationPage.get_answer_model() is ConsultationAnswer


@pytest.mark.usefixtures("no_opt_in")
def test_a_response_is_stored_with_its_body_and_answers_in_one_go(client, consultation):
    body = consultation.invited_stakeholders.get().stakeholder
    response = client.post(
        consultation.url + "svar/", response_data(consultation, stakeholder=str(body.pk))
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get(page=consultation)
    assert contribution.stakeholder == body
    assert contribution.organisation == body.name
    assert contribution.status == S.PENDING
    answers = consultation.get_answer_model().objects.filter(contribution=contribution)
    assert sorted(a.value for a in answers) == ["Alternativ B", "Behåll ängen."]


@pytest.mark.usefixtures("no_opt_in")
def test_a_response_without_a_required_answer_is_refused(client, consultation):
    names = {q.text: q.field_name for q in consultation.questions.all()}
    response = client.post(
        consultation.url + "synpunkter/", response_data(consultation, **{names[SINGLE]: ""})
    )
    assert response.status_code == 400
    assert "Answer this question." in response.content.decode() or response.context[
        "contribution_form"
    ].has_error(names[SINGLE])
    assert not Contribution.objects.exists()


def test_results_after_the_close_count_the_published_answers(client, consultation):
    factories.add_response(consultation, {SINGLE: "Alternativ B", FREE: "Behåll ängen."})
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save_revision().publish()
    html = client.get(consultation.url + "resultat/").content.decode()
    assert "Behåll ängen." in html
    assert "<svg" in html


def test_the_open_page_counts_its_responses_once(client, consultation):
    consultation.hide_results_until_closed = False
    consultation.save_revision().publish()
    factories.add_response(consultation, {SINGLE: "Alternativ A"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(consultation.url)
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and "contribution" in q["sql"]
    ]
    # Once at most: the count comes from the page's tallies (models/tallies.py) once they
    # are built, from one count before.
    assert len(counts) <= 1, counts
    assert response.context["response_count"] == 1
