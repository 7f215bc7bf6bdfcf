"""Statistics shown on the plugin's pages, computed from queries, never stored."""

from dataclasses import dataclass

# ---------------------------------------------------------------------------
# Community contracts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class ContractProgress:
    """Counts per commitment status and the mean progress of a contract."""

    total: int
    by_status: tuple
    mean_progress: float | None
    counted: int


def contract_progress(commitments):
    """Summarise ``commitments`` (annotated with ``with_current_state``).

    Cancelled commitments are counted per status but left out of the mean progress: they will
    never be done, and counting them as 0% would hide real progress on the others.
    """
    from .models.contract import CommitmentStatus

    states = [c.state for c in commitments]
    total = len(states)
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for status, _progress in states:
        counts[status] = counts.get(status, 0) + 1
    by_status = tuple(
        StatusCount(
            status=status.value,
            label=str(status.label),
            count=counts[status.value],
            percent=round(100 * counts[status.value] / total, 1) if total else 0.0,
        )
        for status in CommitmentStatus
    )
    progresses = [p for s, p in states if s != CommitmentStatus.CANCELLED]
    mean = round(sum(progresses) / len(progresses), 1) if progresses else None
    return ContractProgress(
        total=total, by_status=by_status, mean_progress=mean, counted=len(progresses)
    )
