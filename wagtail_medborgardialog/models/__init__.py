"""The plugin's models; import them from here."""

from .decisions import (
    Decision,
    DecisionTaskState,
    PoliticalDecisionTask,
    decision_on_record,
    require_decision,
)
from .process import DialogueIndexPage, DialogueProcessPage

__all__ = [
    "DialogueIndexPage",
    "DialogueProcessPage",
    "Decision",
    "DecisionTaskState",
    "PoliticalDecisionTask",
    "decision_on_record",
    "require_decision",
]
