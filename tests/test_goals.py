"""One mechanism for the Agenda 2030 goals: one source, one language rule, one include."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from wagtail_medborgardialog import sdg
from wagtail_medborgardialog.models import SustainableDevelopmentGoal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", "Hållbara städer och samhällen"), ("en", "Sustainable cities and communities")],
)
def test_a_process_goal_and_a_contract_goal_have_the_same_name(language, expected):
    with translation.override(language):
        row = SustainableDevelopmentGoal.objects.get(number=11)
        assert row.name == sdg.get_goal(11).name == expected


def test_in_another_language_goals_fall_back_like_the_interface_text(settings):
    # Finnish has no catalogue of the plugin: the interface text falls back to LANGUAGE_CODE,
    # and so do the goals, whether a process's (table) or a contract's (numbers).
    row = SustainableDevelopmentGoal.objects.get(number=11)
    with translation.override("fi"):
        assert row.name == sdg.get_goal(11).name == "Hållbara städer och samhällen"
    settings.LANGUAGE_CODE = "en"
    with translation.override("fi"):
        assert row.name == sdg.get_goal(11).name == "Sustainable cities and communities"


def test_the_table_and_the_constants_hold_the_same_names_and_colours():
    rows = [
        (g.number, g.name_sv, g.name_en, g.colour)
        for g in SustainableDevelopmentGoal.objects.order_by("number")
    ]
    assert rows == [(g.number, g.name_sv, g.name_en, g.colour) for g in sdg.GOALS]


def test_one_include_shows_goals_from_the_table_and_from_the_constants_alike():
    template = "wagtail_medborgardialog/includes/goals.html"
    with translation.override("sv"):
        from_table = render_to_string(
            template, {"goals": SustainableDevelopmentGoal.objects.filter(number=11)}
        )
        from_numbers = render_to_string(template, {"goals": [sdg.get_goal(11)]})
    assert from_table == from_numbers
    assert '<li class="mbd-goal mbd-sdg-11">' in from_table
    assert "Mål 11: Hållbara städer och samhällen" in from_table
