"""What a citizen sees on a dialogue process page, field by field."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from tests import factories
from wagtail_medborgardialog.models import (
    DialogueProcessPage,
    ProcessContact,
    StepStatus,
    SustainableDevelopmentGoal,
)


@pytest.fixture
def full_process(index):
    document = Document.objects.create(
        title="Protokoll från workshop", file=ContentFile(b"%PDF-1.4", name="protokoll.pdf")
    )
    photo = Image.objects.create(title="Anna", file=get_test_image_file())
    page = factories.make_process_with_steps(
        index,
        title="Nya parken i Norrby",
        slug="nya-parken",
        question="Hur ska den nya parken användas?",
        purpose="<p>Parken ska planeras tillsammans med de boende.</p>",
        participation_level="dialogue",
        can_influence="<p>Vilka aktiviteter parken får.</p>",
        cannot_influence="<p>Parkens storlek och läge.</p>",
        deciding_body="Tekniska nämnden",
        decision_timing="Hösten 2027",
        target_groups="Boende, skolor och föreningar i Norrby",
        start_date="2026-03-01",
        end_date="2099-12-31",
        feedback="<p>Era förslag om en plaskdamm finns med i planen.</p>",
        step_statuses=[StepStatus.DONE, StepStatus.ONGOING],
        topics=[factories.make_topic()],
        areas=[factories.make_area()],
        goals=SustainableDevelopmentGoal.objects.filter(number=11),
    )
    first = page.steps.first()
    first.summary = "<p>Vi kartlade vilka som använder området.</p>"
    first.outcome = "<p>En lista med 14 intressenter.</p>"
    first.documents = [("document", document)]
    first.save()
    contact = factories.make_contact(photo=photo)
    ProcessContact.objects.create(page=page, contact_person=contact)
    return DialogueProcessPage.objects.get(pk=page.pk)


def test_every_field_of_the_process_is_shown(client, full_process):
    html = client.get(full_process.url).text
    for text in [
        "Hur ska den nya parken användas?",
        "Parken ska planeras tillsammans med de boende.",
        "Delaktighetsnivå: Dialog.",
        "Du och kommunen samtalar",
        "Vilka aktiviteter parken får.",
        "Parkens storlek och läge.",
        "Tekniska nämnden, Hösten 2027",
        "Boende, skolor och föreningar i Norrby",
        "Era förslag om en plaskdamm finns med i planen.",
        "Parker och natur",
        "Norrby",
        "Mål 11: Hållbara städer och samhällen",
        "Vi kartlade vilka som använder området.",
        "En lista med 14 intressenter.",
        "Protokoll från workshop",
        "Anna Lind",
        "Processledare",
        'href="mailto:anna.lind@example.se"',
        "010-123 45 67",
        "Publicerad",
        "Senast uppdaterad",
        '<time datetime="2026-03-01">1 mars 2026</time>',
        'Status: <strong class="mbd-status mbd-status--ongoing">Pågår</strong>',
    ]:
        assert text in html, text
    assert 'class="mbd-contact__photo"' in html


def test_the_step_indicator_is_an_ordered_list_marking_the_current_step(client, full_process):
    html = client.get(full_process.url).text
    assert '<ol class="mbd-steps">' in html
    assert html.count('aria-current="step"') == 1
    current = html.split('aria-current="step"')[1].split("</li>")[0]
    assert "Perspektivinsamling" in current
    # Readable without colour: the status and "current step" are words.
    assert "Status: <strong>Pågår</strong>" in current
    assert "(aktuellt steg)" in current
    assert html.count("Dialogen påverkar det här steget direkt.") == 4


def test_a_planned_process_has_no_current_step(client, index):
    page = factories.make_process_with_steps(index, title="Planerad", slug="planerad")
    html = client.get(page.url).text
    assert "aria-current" not in html
    assert "Planerad" in html


def test_a_process_with_only_a_title_renders(client, index):
    page = factories.make_process(index, title="Bara titel", slug="bara-titel", question="")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Bara titel" in response.text


def test_the_english_page_shows_the_english_goal_name(client, full_process):
    Locale.objects.filter(pk=full_process.locale_id).update(language_code="en")
    html = client.get(full_process.url).text
    assert "Goal 11: Sustainable cities and communities" in html


def test_the_api_exposes_the_process_fields(client, full_process):
    response = client.get(
        "/api/v2/pages/?type=wagtail_medborgardialog.DialogueProcessPage"
        "&fields=question,process_status,steps,deciding_body,sdg_goals"
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["question"] == "Hur ska den nya parken användas?"
    assert item["process_status"] == "ongoing"
    assert item["deciding_body"] == "Tekniska nämnden"
    assert [s["skr_step"] for s in item["steps"]] == [1, 2, 3, 4, 5, 6, 7]
