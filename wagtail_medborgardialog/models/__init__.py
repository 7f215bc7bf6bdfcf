"""The plugin's models; import them from here."""

from .contract import (
    Commitment,
    CommitmentGoal,
    CommitmentStatus,
    CommitmentUpdate,
    CommunityContractPage,
    ContractGoal,
    ContractParty,
    ContractStatus,
)
from .people import Stakeholder, StakeholderKind
from .process import DialogueIndexPage, DialogueProcessPage

__all__ = [
    "Commitment",
    "CommitmentGoal",
    "CommitmentStatus",
    "CommitmentUpdate",
    "CommunityContractPage",
    "ContractGoal",
    "ContractParty",
    "ContractStatus",
    "DialogueIndexPage",
    "DialogueProcessPage",
    "Stakeholder",
    "StakeholderKind",
]
