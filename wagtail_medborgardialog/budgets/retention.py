"""Retention of ballots' e-mail addresses: an address is kept only until the ballot is
confirmed. The ``medborgardialog_retention`` command calls :func:`cull` every night: after the
confirmation link has expired (``CONFIRMATION_MAX_AGE``) plus ``UNCONFIRMED_RETENTION_DAYS``,
a ballot never confirmed is deleted, and an unconfirmed change to a counted ballot is dropped
(its e-mail address and pending choices emptied; the counted choices stay)."""

from datetime import timedelta

from django.utils import timezone

from ..conf import get_setting
from ..models.budgets import Ballot


def cutoff(now=None):
    now = now or timezone.now()
    return now - timedelta(
        seconds=get_setting("CONFIRMATION_MAX_AGE"),
        days=get_setting("UNCONFIRMED_RETENTION_DAYS"),
    )


def expired_unconfirmed_ballots(now=None):
    return Ballot.objects.filter(confirmed_at__isnull=True, updated_at__lt=cutoff(now))


def expired_pending_changes(now=None):
    return Ballot.objects.filter(confirmed_at__isnull=False, updated_at__lt=cutoff(now)).exclude(
        email=""
    )


def cull(now=None, dry_run=False):
    """(ballots deleted, pending changes dropped)."""
    unconfirmed = expired_unconfirmed_ballots(now)
    pending = expired_pending_changes(now)
    if dry_run:
        return unconfirmed.count(), pending.count()
    deleted = unconfirmed.delete()[1].get(Ballot._meta.label, 0)
    # update() leaves updated_at alone: the ballot's counted choices did not change.
    dropped = pending.update(email="", pending=None)
    return deleted, dropped
