"""Every status change of an e-proposal and every change of its count: the one place.

Each function locks the proposal row (``select_for_update``) inside one transaction, checks
that the move is allowed from the status it finds, writes the change and its audit-log entry,
and enqueues the e-mails on commit. A move that is not allowed raises
:class:`IllegalTransition` with a message fit to show to the person who tried it.

The life of a proposal::

    submitted -> screening -> open -> passed -> referred -> answered -> closed
                          \\-> refused      \\-> not_passed --------------------> closed
                          \\-> passed (a national minority language: no signing)

Signing stops when the threshold is reached (``passed``): the answer clock runs from then.
A proposal in a national minority language, where the index's rule says so, skips signing:
accepted at screening, it passes at once and its answer clock runs from the screening.
"""

import time
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import identity
from ..conf import get_setting
from ..log_actions import e_proposal_action
from ..models import Decision, EProposal, EProposalStatus, Signature
from ..models.decisions import DecisionKind
from ..signals import decision_recorded

S = EProposalStatus

# The moves allowed, from -> to.
TRANSITIONS = {
    S.SUBMITTED: {S.SCREENING},
    S.SCREENING: {S.OPEN, S.PASSED, S.REFUSED},
    S.OPEN: {S.PASSED, S.NOT_PASSED},
    S.PASSED: {S.REFERRED},
    S.REFERRED: {S.ANSWERED},
    S.ANSWERED: {S.CLOSED},
    S.NOT_PASSED: {S.CLOSED},
    S.REFUSED: {S.CLOSED},
    S.CLOSED: set(),
}


class IllegalTransition(Exception):
    """A status change that the proposal's current status does not allow."""


class AlreadySigned(Exception):
    """The same person has signed this proposal already."""


class SigningClosed(Exception):
    """The proposal is not open for signatures (window ended, threshold reached, not opened)."""


def _on_commit(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


def _locked(proposal):
    return EProposal.objects.select_for_update().select_related("page").get(pk=proposal.pk)


def _move(proposal, to):
    if to not in TRANSITIONS.get(proposal.status, set()):
        raise IllegalTransition(
            _("A proposal that is “%(current)s” cannot become “%(target)s”.")
            % {"current": proposal.get_status_display(), "target": S(to).label}
        )
    proposal.status = to


def _log(proposal, short, user=None, **data):
    log(instance=proposal, action=e_proposal_action(short), user=user, data=data or None)


def _sync(target, source):
    """Copy the saved state onto the caller's instance, so it sees what was stored."""
    for field in EProposal._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


# --- the proposer ----------------------------------------------------------------------------


@transaction.atomic
def confirm(proposal):
    """The proposer followed the link: the proposal waits for screening."""
    from .. import notifications

    locked = _locked(proposal)
    _move(locked, S.SCREENING)
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["status", "confirmed_at"])
    _log(locked, "confirm")
    _on_commit(notifications.notify_e_proposal_moderators, locked.pk)
    return _sync(proposal, locked)


# --- screening -------------------------------------------------------------------------------


@transaction.atomic
def publish(proposal, user):
    """Screened and accepted: open for signatures, with the threshold of today's rules; or,
    for a proposal in a national minority language under the index's rule, passed at once."""
    from .. import notifications

    locked = _locked(proposal)
    rules = locked.page.specific
    if locked.status == S.SCREENING and rules.skips_signing(locked):
        return _sync(proposal, _pass_without_signing(locked, rules, user))
    _move(locked, S.OPEN)
    now = timezone.now()
    locked.screened_at = locked.opened_at = now
    locked.window_ends_at = now + timedelta(days=rules.window_days)
    locked.threshold = rules.current_threshold()
    locked.save(update_fields=["status", "screened_at", "opened_at", "window_ends_at", "threshold"])
    _log(locked, "publish", user, threshold=locked.threshold)
    _on_commit(notifications.notify_proposer, locked.pk, "published")
    return _sync(proposal, locked)


def _pass_without_signing(locked, rules, user):
    """Accepted at screening in a national minority language: no signing, the answer is owed
    from today."""
    from .. import notifications

    _move(locked, S.PASSED)
    now = timezone.now()
    locked.screened_at = locked.passed_at = now
    locked.answer_due = rules.answer_due(timezone.localdate(now))
    locked.signing_skipped = True
    locked.notified_percent = 100
    locked.save(
        update_fields=[
            "status",
            "screened_at",
            "passed_at",
            "answer_due",
            "signing_skipped",
            "notified_percent",
        ]
    )
    _log(locked, "pass_minority_language", user, language=locked.text_language)
    _on_commit(notifications.notify_proposer, locked.pk, "passed_without_signing")
    return locked


@transaction.atomic
def refuse(proposal, user, criterion, reason):
    """Refused at screening for ``criterion`` (a row of the index's criteria), with a reason
    the proposer receives."""
    from .. import notifications

    locked = _locked(proposal)
    if criterion is None or criterion.page_id != locked.page_id:
        raise IllegalTransition(_("Choose one of this index's screening criteria."))
    _move(locked, S.REFUSED)
    now = timezone.now()
    locked.screened_at = locked.refused_at = now
    locked.refusal_criterion = criterion
    locked.refusal_criterion_text = criterion.text
    locked.refusal_reason = reason
    locked.save(
        update_fields=[
            "status",
            "screened_at",
            "refused_at",
            "refusal_criterion",
            "refusal_criterion_text",
            "refusal_reason",
        ]
    )
    _log(locked, "refuse", user, reason=f"{criterion.text} {reason}".strip())
    _on_commit(notifications.notify_proposer, locked.pk, "refused")
    return _sync(proposal, locked)


# --- signatures ------------------------------------------------------------------------------


def _check_open(locked, now):
    if locked.status != S.OPEN or locked.window_has_ended(now):
        raise SigningClosed(_("This proposal is closed for signatures."))


def _count(locked, signature, delta, now):
    """Change the counts by ``delta`` for ``signature``; pass the proposal at its threshold."""
    from .. import notifications

    channel = (
        "paper_count" if signature.channel == identity.SignatureChannel.PAPER else "online_count"
    )
    EProposal.objects.filter(pk=locked.pk).update(
        signature_count=F("signature_count") + delta, **{channel: F(channel) + delta}
    )
    locked.refresh_from_db(fields=["signature_count", "online_count", "paper_count"])
    counts_changed(locked.page_id)
    if delta <= 0 or not locked.threshold:
        return
    percent = locked.percent()
    if percent >= 100 and locked.status == S.OPEN:
        _move(locked, S.PASSED)
        locked.passed_at = now
        locked.answer_due = locked.page.specific.answer_due(timezone.localdate(now))
        locked.notified_percent = 100
        locked.save(update_fields=["status", "passed_at", "answer_due", "notified_percent"])
        _log(locked, "pass", signatures=locked.signature_count)
        _on_commit(notifications.notify_proposer, locked.pk, "passed")
    elif percent >= 50 and locked.notified_percent < 50:
        locked.notified_percent = 50
        locked.save(update_fields=["notified_percent"])
        _on_commit(notifications.notify_proposer, locked.pk, "half")


# --- the counts shown in cached parts ----------------------------------------------------------

_COUNTS_KEY = "mbd:e-proposals:counts:{}"


def counts_stamp(page_id):
    """Changes whenever a proposal of the index gains or loses a signature: the index's cached
    list varies on it, so the counts it shows are never stale (signature rows themselves make
    no fragment stale, fragments.UNSHOWN)."""
    return cache.get_or_set(_COUNTS_KEY.format(page_id), time.time_ns, None)


def counts_changed(page_id):
    """After the transaction that changed a count commits (an earlier render would otherwise
    cache the old count under the new stamp)."""
    transaction.on_commit(lambda: cache.set(_COUNTS_KEY.format(page_id), time.time_ns(), None))


@transaction.atomic
def add_signature(proposal, identity_hash, *, level, channel, confirmed, now=None, **fields):
    """Store one person's signature (``confirmed``: counted now, else when the link is
    followed). Raises AlreadySigned when the identity hash is there already (the unique
    constraint decides, also under parallel requests) and SigningClosed when not open."""
    now = now or timezone.now()
    locked = _locked(proposal)
    _check_open(locked, now)
    signature = Signature(
        proposal=locked,
        identity_hash=identity_hash,
        level=level,
        channel=channel,
        confirmed_at=now if confirmed else None,
        **fields,
    )
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as error:
        raise AlreadySigned(_("This person has already signed the proposal.")) from error
    if confirmed:
        _count(locked, signature, 1, now)
        _check_burst(locked, signature, now)
    _sync(proposal, locked)
    return signature


@transaction.atomic
def confirm_signature(signature, now=None):
    """The signer followed the link: the signature counts. Returns False when it already did."""
    now = now or timezone.now()
    locked = _locked(signature.proposal)
    row = Signature.objects.select_for_update().filter(pk=signature.pk).first()
    if row is None:
        raise SigningClosed(_("This signature was withdrawn."))
    if row.confirmed_at is not None:
        return False
    _check_open(locked, now)
    row.confirmed_at = now
    if not row.wants_outcome:
        row.email = ""  # needed only for the link, unless the signer asked for the outcome
    row.save(update_fields=["confirmed_at", "email"])
    _count(locked, row, 1, now)
    _check_burst(locked, row, now)
    signature.confirmed_at, signature.email = row.confirmed_at, row.email
    return True


@transaction.atomic
def withdraw_signature(signature, now=None):
    """The signer takes their signature back while the window is open: the row goes."""
    now = now or timezone.now()
    locked = _locked(signature.proposal)
    row = Signature.objects.select_for_update().filter(pk=signature.pk).first()
    if row is None:
        return False
    _check_open(locked, now)
    counted = row.confirmed_at is not None
    row.delete()
    if counted:
        _count(locked, row, -1, now)
    return True


def _check_burst(locked, signature, now):
    """Many signatures from one network in an hour: the moderators are told, nothing dropped."""
    from .. import notifications

    if not signature.network_hash:
        return
    limit = get_setting("E_PROPOSAL_BURST_LIMIT")
    recent = Signature.objects.filter(
        proposal_id=locked.pk,
        network_hash=signature.network_hash,
        confirmed_at__gte=now - timedelta(hours=1),
    ).count()
    if recent == limit:
        _log(locked, "burst", signatures=recent)
        _on_commit(notifications.notify_e_proposal_burst, locked.pk, recent)


# --- the window, the referral and the answer -------------------------------------------------


@transaction.atomic
def end_window(proposal, now=None):
    """The window ended below the threshold: not passed. Raises when it has not ended."""
    from .. import notifications

    now = now or timezone.now()
    locked = _locked(proposal)
    if locked.status == S.OPEN and not locked.window_has_ended(now):
        raise IllegalTransition(_("The signing window has not ended yet."))
    _move(locked, S.NOT_PASSED)
    locked.not_passed_at = now
    locked.save(update_fields=["status", "not_passed_at"])
    _log(locked, "not_pass", signatures=locked.signature_count)
    _on_commit(notifications.notify_proposer, locked.pk, "not_passed")
    return _sync(proposal, locked)


def end_windows(now=None):
    """Every open proposal whose window has ended becomes "not passed" (run by the
    retention command, or a scheduled task). Returns how many."""
    now = now or timezone.now()
    ended = EProposal.objects.filter(status=S.OPEN, window_ends_at__lte=now)
    count = 0
    for proposal in ended.iterator():
        try:
            end_window(proposal, now)
        except IllegalTransition:  # passed meanwhile
            continue
        count += 1
    return count


def _decision(locked, user, kind, data):
    decision = Decision.objects.create(
        page_id=locked.page_id,
        page_title=locked.title[:255],
        kind=kind,
        decided_text=data["decided_text"],
        deciding_body=data["deciding_body"],
        decision_date=data["decision_date"],
        case_number=data["case_number"],
        minutes_paragraph=data["minutes_paragraph"],
        minutes_url=data.get("minutes_url", ""),
        decided_by=user,
    )
    transaction.on_commit(
        lambda: decision_recorded.send(
            sender=Decision, decision=decision, task_state=None, user=user
        )
    )
    return decision


@transaction.atomic
def refer(proposal, user, data):
    """A passed proposal handed to the council or a committee: a Decision on record."""
    from .. import notifications

    locked = _locked(proposal)
    _move(locked, S.REFERRED)
    locked.referral = _decision(locked, user, DecisionKind.PROPOSAL_REFERRAL, data)
    locked.referred_at = timezone.now()
    locked.save(update_fields=["status", "referral", "referred_at"])
    _log(locked, "refer", user, decision=locked.referral_id)
    _on_commit(notifications.notify_proposer, locked.pk, "referred")
    return _sync(proposal, locked)


@transaction.atomic
def answer(proposal, user, answer_kind, data):
    """The deciding body's answer (bifall, avslag, besvarad): a Decision on record; the
    proposer and the signers who asked are told."""
    from .. import notifications

    locked = _locked(proposal)
    _move(locked, S.ANSWERED)
    locked.answer = _decision(locked, user, DecisionKind.RESPONSE, data)
    locked.answer_kind = answer_kind
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answer", "answer_kind", "answered_at"])
    _log(locked, "answer", user, decision=locked.answer_id, answer=answer_kind)
    _on_commit(notifications.notify_proposer, locked.pk, "answered")
    _on_commit(notifications.notify_signers_outcome, locked.pk)
    return _sync(proposal, locked)


@transaction.atomic
def close(proposal, user=None):
    """Nothing more happens to the proposal (after the answer, a refusal or not passing)."""
    locked = _locked(proposal)
    _move(locked, S.CLOSED)
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    _log(locked, "close", user)
    return _sync(proposal, locked)
