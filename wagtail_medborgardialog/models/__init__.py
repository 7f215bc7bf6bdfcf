"""The plugin's models; import them from here."""

from .._moved import forwarder
from .accessibility_statement import (
    AccessibilityGap,
    AccessibilityStatementPage,
    AssessmentMethod,
    Conformance,
    GapReason,
)
from .budgets import (
    AbstractBudgetPage,
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotKind,
    BudgetDistrict,
    BudgetPage,
    BudgetPhase,
    BudgetProject,
    BudgetResult,
    Feasibility,
    OutcomeRule,
    ProjectCommitment,
)
from .commitments import Commitment, CommitmentGoal, CommitmentSource, CommitmentUpdate
from .consultation import AbstractConsultationPage, ConsultationPage, QuestionKind
from .consultation_questions import (
    AbstractConsultationAnswer,
    AbstractConsultationQuestion,
    AbstractInvitedStakeholder,
    ConsultationAnswer,
    ConsultationQuestion,
    InvitedStakeholder,
)
from .contract import (
    AbstractCommunityContractPage,
    CommitmentStatus,
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
    ModerationMode,
)
from .decisions import (
    Decision,
    DecisionTaskState,
    PoliticalDecisionTask,
    decision_on_record,
)
from .e_proposals import (
    NATIONAL_MINORITY_LANGUAGES,
    AbstractEProposalIndexPage,
    AnswerKind,
    EProposal,
    EProposalCriterion,
    EProposalIndexPage,
    EProposalStatus,
    ProposalLanguage,
    Signature,
    ThresholdKind,
)
from .feedback import PageFeedback, PageFeedbackMixin
from .four_eyes import GroupReviewTask
from .meeting_page import AbstractMeetingPage, MeetingPage
from .meetings import Meeting, MeetingRoutesMixin, Registration, RegistrationStatus
from .moderation_rights import GroupModerationPermission
from .networks import (
    AbstractNetworkPage,
    InterestStatus,
    NetworkInterest,
    NetworkMember,
    NetworkPage,
)
from .panels import (
    AbstractCitizenPanelPage,
    CitizenPanelPage,
    PanelConsultation,
    PanelDraw,
    PanelInvitation,
    PanelKind,
    PanelMemberInvitation,
    PanelQuota,
    PanelRecommendation,
    PanelReplacement,
    RecommendationResponse,
    Recruitment,
    Volunteer,
)
from .participation import ParticipationMixin
from .people import ContactPerson, Stakeholder, StakeholderKind
from .process import (
    AbstractDialogueProcessPage,
    DialogueProcessPage,
    ProcessStatus,
    StepStatus,
)
from .process_index import DialogueIndexPage
from .process_steps import (
    AbstractProcessContact,
    AbstractProcessStep,
    ProcessContact,
    ProcessStep,
    SkrStep,
)
from .site_settings import MedborgardialogSettings
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
    "AbstractCommunityContractPage",
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
    "ContactPerson",
    "AbstractDialogueProcessPage",
    "AbstractProcessContact",
    "AbstractProcessStep",
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
    "AbstractConsultationAnswer",
    "AbstractConsultationPage",
    "AbstractConsultationQuestion",
    "AbstractInvitedStakeholder",
    "ConsultationAnswer",
    "ConsultationPage",
    "ConsultationQuestion",
    "ConsultationTally",
    "InvitedStakeholder",
    "QuestionKind",
    "AbstractEProposalIndexPage",
    "AnswerKind",
    "EProposal",
    "EProposalCriterion",
    "EProposalIndexPage",
    "EProposalStatus",
    "Signature",
    "NATIONAL_MINORITY_LANGUAGES",
    "ProposalLanguage",
    "ThresholdKind",
    "Meeting",
    "MeetingRoutesMixin",
    "AbstractMeetingPage",
    "MeetingPage",
    "Registration",
    "RegistrationStatus",
    "AbstractNetworkPage",
    "InterestStatus",
    "NetworkInterest",
    "NetworkMember",
    "NetworkPage",
    "AbstractBudgetPage",
    "Ballot",
    "BallotChannel",
    "BallotChoice",
    "BallotKind",
    "BudgetDistrict",
    "BudgetPage",
    "BudgetPhase",
    "BudgetProject",
    "BudgetResult",
    "ProjectCommitment",
    "Feasibility",
    "OutcomeRule",
    "AbstractCitizenPanelPage",
    "CitizenPanelPage",
    "PanelConsultation",
    "PanelDraw",
    "PanelInvitation",
    "PanelMemberInvitation",
    "PanelKind",
    "PanelQuota",
    "PanelRecommendation",
    "PanelReplacement",
    "RecommendationResponse",
    "Recruitment",
    "Volunteer",
]

# Names that moved in 0.2, still found here for one release (CHANGELOG.md).
__getattr__ = forwarder("models", "decisions.gates", names={"require_decision"})
