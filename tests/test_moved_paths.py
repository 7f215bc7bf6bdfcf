"""The 0.1 import paths keep working for one release, and say where each name went."""

import importlib

import pytest

from wagtail_medborgardialog.consultations.forms import ConsultationResponseForm
from wagtail_medborgardialog.contracts.feeds import render_calendar
from wagtail_medborgardialog.contracts.follow_up import record_update
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.contributions.forms import ContributionForm
from wagtail_medborgardialog.decisions.gates import require_decision
from wagtail_medborgardialog.exports import formula_safe
from wagtail_medborgardialog.models.commitments import Commitment
from wagtail_medborgardialog.models.participation import ParticipationMixin
from wagtail_medborgardialog.models.process_steps import ProcessStep
from wagtail_medborgardialog.privacy import archive

MOVED = [
    ("wagtail_medborgardialog.moderation", "approve", moderation.approve),
    ("wagtail_medborgardialog.forms", "ContributionForm", ContributionForm),
    ("wagtail_medborgardialog.forms", "ConsultationResponseForm", ConsultationResponseForm),
    ("wagtail_medborgardialog.archive", "build_archive", archive.build_archive),
    ("wagtail_medborgardialog.spreadsheets", "formula_safe", formula_safe),
    ("wagtail_medborgardialog.feeds", "render_calendar", render_calendar),
    ("wagtail_medborgardialog.contracts", "record_update", record_update),
    ("wagtail_medborgardialog.models", "require_decision", require_decision),
    ("wagtail_medborgardialog.models.decisions", "require_decision", require_decision),
    ("wagtail_medborgardialog.models.contract", "Commitment", Commitment),
    ("wagtail_medborgardialog.models.process", "ProcessStep", ProcessStep),
    ("wagtail_medborgardialog.models.contributions", "ParticipationMixin", ParticipationMixin),
]


@pytest.mark.parametrize(("old", "name", "moved"), MOVED)
def test_an_old_path_gives_the_moved_name_with_a_warning_that_names_the_new_one(old, name, moved):
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=rf"{old}\.{name} moved to .*\.{name}"):
        found = getattr(module, name)
    assert found is moved


def test_an_old_path_does_not_invent_names():
    module = importlib.import_module("wagtail_medborgardialog.models.process")
    with pytest.raises(AttributeError):
        module.NoSuchThing  # noqa: B018
