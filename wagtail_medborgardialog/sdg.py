"""The 17 Sustainable Development Goals of Agenda 2030 (Globala målen) as constants.

Names follow the Swedish translation used by Globala målen and the UN's English titles; colours
are the UN's official goal colours. Models store only the goal number (1–17).
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language


@dataclass(frozen=True)
class Goal:
    number: int
    name_sv: str
    name_en: str
    colour: str

    @property
    def name(self):
        """The goal's name in the active language (Swedish for sv, English otherwise)."""
        return self.name_sv if (get_language() or "sv").startswith("sv") else self.name_en

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
