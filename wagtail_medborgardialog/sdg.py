"""The 17 Sustainable Development Goals of Agenda 2030 (Globala målen) as constants.

Names follow the Swedish translation used by Globala målen and the UN's English titles; colours
are the UN's official goal colours. Models store only the goal number (1–17).
"""

from dataclasses import dataclass

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


GOALS = (
    Goal(1, "Ingen fattigdom", "No poverty", "#E5243B"),
    Goal(2, "Ingen hunger", "Zero hunger", "#DDA63A"),
    Goal(3, "Hälsa och välbefinnande", "Good health and well-being", "#4C9F38"),
    Goal(4, "God utbildning för alla", "Quality education", "#C5192D"),
    Goal(5, "Jämställdhet", "Gender equality", "#FF3A21"),
    Goal(6, "Rent vatten och sanitet för alla", "Clean water and sanitation", "#26BDE2"),
    Goal(7, "Hållbar energi för alla", "Affordable and clean energy", "#FCC30B"),
    Goal(
        8,
        "Anständiga arbetsvillkor och ekonomisk tillväxt",
        "Decent work and economic growth",
        "#A21942",
    ),
    Goal(
        9,
        "Hållbar industri, innovationer och infrastruktur",
        "Industry, innovation and infrastructure",
        "#FD6925",
    ),
    Goal(10, "Minskad ojämlikhet", "Reduced inequalities", "#DD1367"),
    Goal(11, "Hållbara städer och samhällen", "Sustainable cities and communities", "#FD9D24"),
    Goal(
        12,
        "Hållbar konsumtion och produktion",
        "Responsible consumption and production",
        "#BF8B2E",
    ),
    Goal(13, "Bekämpa klimatförändringarna", "Climate action", "#3F7E44"),
    Goal(14, "Hav och marina resurser", "Life below water", "#0A97D9"),
    Goal(15, "Ekosystem och biologisk mångfald", "Life on land", "#56C02B"),
    Goal(
        16,
        "Fredliga och inkluderande samhällen",
        "Peace, justice and strong institutions",
        "#00689D",
    ),
    Goal(17, "Genomförande och globalt partnerskap", "Partnerships for the goals", "#19486A"),
)

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
