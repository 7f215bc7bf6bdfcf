import pytest
from django.utils import translation

from tests import factories
from wagtail_medborgardialog.models import (
    ContactPerson,
    DialogueProcessPage,
    ParticipationLevel,
    SustainableDevelopmentGoal,
)

pytestmark = pytest.mark.django_db


def test_the_seventeen_goals_ship_with_official_names_and_colours():
    goals = list(SustainableDevelopmentGoal.objects.all())
    assert [g.number for g in goals] == list(range(1, 18))
    first, last = goals[0], goals[-1]
    assert (first.name_sv, first.name_en, first.colour) == (
        "Ingen fattigdom",
        "No poverty",
        "#E5243B",
    )
    assert last.name_sv == "Genomförande och globalt partnerskap"
    assert all(len(g.colour) == 7 and g.colour.startswith("#") for g in goals)


def test_a_goal_is_named_in_the_active_language():
    goal = SustainableDevelopmentGoal.objects.get(number=5)
    with translation.override("sv"):
        assert str(goal) == "5. Jämställdhet"
    with translation.override("en"):
        assert str(goal) == "5. Gender equality"


def test_every_participation_level_has_a_plain_language_explanation():
    with translation.override("sv"):
        labels = [str(label) for label in ParticipationLevel.labels]
        assert labels == ["Information", "Konsultation", "Dialog", "Inflytande", "Medbestämmande"]
        for level in ParticipationLevel:
            assert len(str(ParticipationLevel.explanation(level))) > 30


@pytest.mark.parametrize(
    "model, make",
    [
        ("topic", factories.make_topic),
        ("area", factories.make_area),
        ("contactperson", factories.make_contact),
    ],
)
def test_editors_manage_topics_areas_and_contacts_as_snippets(admin_client, model, make):
    item = make()
    listing = f"/admin/snippets/wagtail_medborgardialog/{model}/"
    response = admin_client.get(listing)
    assert response.status_code == 200
    assert str(item) in response.text
    assert f'href="{listing}edit/{item.pk}/"' in response.text
    assert f'href="{listing}add/"' in response.text


def test_a_contact_person_is_created_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/snippets/wagtail_medborgardialog/contactperson/add/",
        {"name": "Bo Ek", "title": "Planarkitekt", "email": "bo@example.se", "phone": ""},
    )
    assert response.status_code == 302
    assert str(ContactPerson.objects.get()) == "Bo Ek, Planarkitekt"


def test_citizens_find_processes_by_question_and_purpose(index):
    factories.make_process_with_steps(
        index,
        title="Nya parken",
        slug="parken",
        question="Hur ska plaskdammen utformas?",
        purpose="<p>Vi vill veta mer om skateboardåkning.</p>",
    )
    factories.make_process_with_steps(index, title="Gångbron", slug="bron", question="Var?")
    by_question = DialogueProcessPage.objects.live().search("plaskdammen")
    by_purpose = DialogueProcessPage.objects.live().search("skateboardåkning")
    assert [p.title for p in by_question] == ["Nya parken"]
    assert [p.title for p in by_purpose] == ["Nya parken"]


def test_site_search_finds_processes_among_all_pages(index):
    from wagtail.models import Page

    factories.make_process_with_steps(
        index, title="Nya parken", slug="parken", question="Hur ska plaskdammen utformas?"
    )
    assert [p.title for p in Page.objects.live().search("plaskdammen")] == ["Nya parken"]
