"""Retention of e-proposals' personal data, run by the ``medborgardialog_retention`` command.

- Proposals answered (or refused, or not passed) more than E_PROPOSAL_RETENTION_DAYS ago:
  their signature rows are deleted (identity hashes, names shown, e-mail addresses, network
  hashes); the counts on the proposal stay, and so does the proposal, a public record. The
  proposer's e-mail address goes too, and the name when it was not shown.
- Unconfirmed proposals and signatures whose link expired UNCONFIRMED_RETENTION_DAYS ago:
  deleted.
- Network hashes of signatures older than IP_HASH_RETENTION_DAYS: cleared.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from ..conf import get_setting
from ..identity import confirmation_max_age
from ..log_actions import e_proposal_action
from ..models import EProposal, EProposalStatus, Signature

S = EProposalStatus


def due_for_culling(now=None):
    """Proposals whose signers' personal data has been kept long enough."""
    now = now or timezone.now()
    before = now - timedelta(days=get_setting("E_PROPOSAL_RETENTION_DAYS"))
    return EProposal.objects.filter(personal_data_removed_at=None).filter(
        Q(answered_at__lte=before)
        | Q(status__in=[S.NOT_PASSED, S.CLOSED], not_passed_at__lte=before)
        | Q(status__in=[S.REFUSED, S.CLOSED], refused_at__lte=before)
    )


def cull(now=None):
    """Remove the personal data of every proposal due; returns (proposals, signatures)."""
    now = now or timezone.now()
    proposals = signatures = 0
    for proposal in due_for_culling(now).iterator():
        with transaction.atomic():
            deleted, _ = Signature.objects.filter(proposal_id=proposal.pk).delete()
            EProposal.objects.filter(pk=proposal.pk).update(
                proposer_email="",
                ip_hash="",
                personal_data_removed_at=now,
                **({} if proposal.show_name else {"proposer_name": ""}),
            )
            log(
                instance=proposal,
                action=e_proposal_action("cull"),
                data={"signatures": deleted},
            )
        proposals += 1
        signatures += deleted
    return proposals, signatures


def delete_unconfirmed(now=None):
    """Unconfirmed proposals and signatures whose link expired long enough ago."""
    now = now or timezone.now()
    before = now - timedelta(
        seconds=confirmation_max_age(), days=get_setting("UNCONFIRMED_RETENTION_DAYS")
    )
    proposals, _ = EProposal.objects.filter(status=S.SUBMITTED, created_at__lte=before).delete()
    signatures, _ = Signature.objects.filter(confirmed_at=None, created_at__lte=before).delete()
    return proposals, signatures


def clear_network_hashes(now=None):
    now = now or timezone.now()
    before = now - timedelta(days=get_setting("IP_HASH_RETENTION_DAYS"))
    cleared = Signature.objects.filter(created_at__lte=before).exclude(network_hash="")
    count = cleared.update(network_hash="")
    EProposal.objects.filter(created_at__lte=before).exclude(ip_hash="").update(ip_hash="")
    return count


def run(now=None):
    """Everything above, and the ended windows first (so they are counted as not passed)."""
    from .status import end_windows

    now = now or timezone.now()
    ended = end_windows(now)
    culled = cull(now)
    unconfirmed = delete_unconfirmed(now)
    cleared = clear_network_hashes(now)
    return {"ended": ended, "culled": culled, "unconfirmed": unconfirmed, "cleared": cleared}
