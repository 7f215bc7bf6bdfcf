"""Recording the follow-up of a community contract's commitments.

:func:`record_update` is the one way an update is recorded: from code, the demo and the admin's
"Contract follow-up" screen alike. It validates, stores, writes the audit log and has the
contract page purged from the front-end cache, since the public page shows the new state.
"""

from functools import partial

from django.apps import apps
from django.db import transaction
from wagtail.log_actions import log

from ..log_actions import commitment_action
from ..models import CommitmentUpdate

# The audit-log action of a recorded update (its label is in log_actions).
RECORD_ACTION = commitment_action("follow_up")


@transaction.atomic
def record_update(
    commitment, *, date, reported_by, change, status, progress, meeting_on=None, user=None
):
    """Validate and store a follow-up update; it becomes the commitment's current state.

    ``user`` is who recorded it, for the audit log (None from code and the demo).
    Raises ``ValidationError`` (per field) when the update breaks a rule.
    """
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
    log(
        instance=update,
        action=RECORD_ACTION,
        user=user,
        data={"status": status, "progress": progress, "page_id": commitment.page_id},
    )
    purge_contract_page(commitment)
    return update


def purge_contract_page(commitment):
    """Have the commitment's contract page purged from the front-end cache once the change is
    committed: the public page shows every update and citation."""
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        from wagtail.contrib.frontend_cache.utils import purge_page_from_cache  # an optional app

        transaction.on_commit(partial(purge_page_from_cache, commitment.page.specific))
