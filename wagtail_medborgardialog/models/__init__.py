"""The plugin's models; import them from here."""

from .process import DialogueIndexPage, DialogueProcessPage

__all__ = ["DialogueIndexPage", "DialogueProcessPage"]
from .contributions import (  # noqa: E402
    Contribution,
    ContributionChannel,
    ContributionReport,
    ContributionStatus,
    MedborgardialogSettings,
    ModerationMode,
    ParticipationMixin,
)

__all__ += [
    "Contribution",
    "ContributionChannel",
    "ContributionReport",
    "ContributionStatus",
    "MedborgardialogSettings",
    "ModerationMode",
    "ParticipationMixin",
]
