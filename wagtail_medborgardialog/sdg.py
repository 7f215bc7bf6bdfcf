"""The 17 Sustainable Development Goals of Agenda 2030 (Globala målen): the one source.

Names follow the Swedish translation used by Globala målen and the UN's English titles; colours
are the UN's official goal colours, all read from ``data/sdg_goals.json``. Contracts store goal
numbers (1–17) and read these constants; processes link ``SustainableDevelopmentGoal`` rows,
filled from the same file. Both name a goal with :func:`name_in_active_language`, and both are
shown with the template ``includes/goals.html``.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language


def _base_language(code):
    return (code or "").split("-")[0].lower()


def name_in_active_language(name_sv, name_en):
    """The one language rule of goal names: English when English is active, Swedish when
    Swedish is. Any other language (say Finnish) falls back the way the interface text does, to
    the site's default language (``LANGUAGE_CODE``): the goal reads like the page around it.
    """
    language = _base_language(get_language())
    if language not in ("sv", "en"):
        language = _base_language(settings.LANGUAGE_CODE)
    return name_en if language == "en" else name_sv


@dataclass(frozen=True)
class Goal:
    number: int
    name_sv: str
    name_en: str
    colour: str

    @property
    def name(self):
        """The goal's name in the active language, by :func:`name_in_active_language`."""
        return name_in_active_language(self.name_sv, self.name_en)

    def __str__(self):
        return f"{self.number}. {self.name}"


# The same shipped data file fills the SustainableDevelopmentGoal table (migration 0002), so
# both representations of the goals always agree.
DATA_FILE = Path(__file__).resolve().parent / "data" / "sdg_goals.json"
GOALS = tuple(Goal(**goal) for goal in json.loads(DATA_FILE.read_text(encoding="utf-8")))

GOALS_BY_NUMBER = {goal.number: goal for goal in GOALS}


def get_goal(number):
    """Return the goal with ``number`` (1–17), or None for anything else."""
    try:
        return GOALS_BY_NUMBER.get(int(number))
    except (TypeError, ValueError):
        return None


def goal_choices():
    """Choices for a form or model field, labelled in the active language."""
    return [(goal.number, str(goal)) for goal in GOALS]
