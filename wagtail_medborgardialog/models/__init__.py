"""The plugin's models; import them from here."""

from .feedback import PageFeedback, PageFeedbackMixin
from .people import ContactPerson
from .process import (
    DialogueIndexPage,
    DialogueProcessPage,
    ProcessContact,
    ProcessStatus,
    ProcessStep,
    SkrStep,
    StepStatus,
)
from .taxonomy import Area, ParticipationLevel, SustainableDevelopmentGoal, Topic

__all__ = [
    "Area",
    "ContactPerson",
    "DialogueIndexPage",
    "DialogueProcessPage",
    "PageFeedback",
    "PageFeedbackMixin",
    "ParticipationLevel",
    "ProcessContact",
    "ProcessStatus",
    "ProcessStep",
    "SkrStep",
    "StepStatus",
    "SustainableDevelopmentGoal",
    "Topic",
]
