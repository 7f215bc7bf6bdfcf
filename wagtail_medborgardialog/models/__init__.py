"""The plugin's models; import them from here."""

from .accessibility_statement import (
    AccessibilityGap,
    AccessibilityStatementPage,
    AssessmentMethod,
    Conformance,
    GapReason,
)
from .consultation import (
    ConsultationAnswer,
    ConsultationPage,
    ConsultationQuestion,
    InvitedStakeholder,
    QuestionKind,
)
from .contract import (
    Commitment,
    CommitmentGoal,
    CommitmentSource,
    CommitmentStatus,
    CommitmentUpdate,
    CommunityContractPage,
    ContractGoal,
    ContractParty,
    ContractStatus,
)
from .contributions import (
    Contribution,
    ContributionChannel,
    ContributionReport,
    ContributionStatus,
    MedborgardialogSettings,
    ModerationMode,
    ParticipationMixin,
)
from .decisions import (
    Decision,
    DecisionTaskState,
    PoliticalDecisionTask,
    decision_on_record,
    require_decision,
)
from .feedback import PageFeedback, PageFeedbackMixin
from .four_eyes import GroupReviewTask
from .moderation_rights import GroupModerationPermission
from .people import ContactPerson, Stakeholder, StakeholderKind
from .process import (
    DialogueIndexPage,
    DialogueProcessPage,
    ProcessContact,
    ProcessStatus,
    ProcessStep,
    SkrStep,
    StepStatus,
)
from .tallies import ConsultationTally
from .taxonomy import Area, ParticipationLevel, SustainableDevelopmentGoal, Topic

__all__ = [
    "AccessibilityGap",
    "AccessibilityStatementPage",
    "AssessmentMethod",
    "Conformance",
    "GapReason",
    "Contribution",
    "ContributionChannel",
    "ContributionReport",
    "ContributionStatus",
    "MedborgardialogSettings",
    "ModerationMode",
    "ParticipationMixin",
    "Area",
    "Commitment",
    "CommitmentGoal",
    "CommitmentSource",
    "CommitmentStatus",
    "CommitmentUpdate",
    "CommunityContractPage",
    "ContractGoal",
    "ContractParty",
    "ContractStatus",
    "Stakeholder",
    "StakeholderKind",
    "Decision",
    "DecisionTaskState",
    "GroupReviewTask",
    "PoliticalDecisionTask",
    "decision_on_record",
    "require_decision",
    "ContactPerson",
    "DialogueIndexPage",
    "DialogueProcessPage",
    "GroupModerationPermission",
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
    "ConsultationAnswer",
    "ConsultationPage",
    "ConsultationQuestion",
    "ConsultationTally",
    "InvitedStakeholder",
    "QuestionKind",
]
