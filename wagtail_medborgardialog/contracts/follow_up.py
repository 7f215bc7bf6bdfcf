"""Recording the follow-up of a community contract's commitments."""

from django.db import transaction


@transaction.atomic
def record_update(commitment, *, date, reported_by, change, status, progress, meeting_on=None):
    """Validate and store a follow-up update; it becomes the commitment's current state.

    Raises ``ValidationError`` (per field) when the update breaks a rule.
    """
    from ..models import CommitmentUpdate

    update = CommitmentUpdate(
        commitment=commitment,
        date=date,
        reported_by=reported_by,
        change=change,
        new_status=status,
        new_progress=progress,
        meeting_on=meeting_on,
    )
    update.full_clean()
    update.save()
    return update
