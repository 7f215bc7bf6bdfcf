"""The contribution state machine: the only code that changes a contribution's status.

    unconfirmed --confirm--> pending --approve--> published --unpublish--> unpublished
                     |          \\--reject--> rejected            |
                     \\--(post-moderation)--> published   <--approve-- (rejected, unpublished)
    published --reports reach the threshold--> pending

Each function checks who may act, writes Wagtail's audit log, and enqueues its e-mails and
cache purges when the transaction commits. Nothing here deletes a contribution.
"""

from datetime import timedelta
from functools import partial

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.search.index import insert_or_update_object

from .. import antispam, fragments, notifications, sanitizer
from ..conf import get_setting
from ..log_actions import contribution_action
from ..models import (
    Contribution,
    ContributionChannel,
    ContributionReport,
    ContributionStatus,
    MedborgardialogSettings,
    tallies,
)
from ..models.contributions import is_public
from ..permissions import can_moderate as _can_moderate
from ..sites import site_of
from .tokens import confirmation_url

S = ContributionStatus

# The visible marker that replaces a redacted span.
REDACTED = _("[removed]")


# The audit-log name of a contribution action (the registry is log_actions).
action_name = contribution_action


class InvalidTransition(Exception):
    """The contribution is not in a state the action applies to."""


class DuplicateContribution(Exception):
    """The same text reached the same page today already (possibly in a parallel request)."""


class PersonalNumberNotHandled(InvalidTransition):
    """A contribution that seems to hold a personnummer: redact it or give a reason first."""


class NothingToRedact(ValueError):
    """The span to redact is empty or not in the text."""


# --- helpers ---------------------------------------------------------------------------


def can_moderate(user, contribution_or_page):
    """Whether ``user`` may moderate the contribution or the page (see permissions.py)."""

    return _can_moderate(user, contribution_or_page)


def _require(user, contribution):
    if not can_moderate(user, contribution):
        raise PermissionDenied


def _move(contribution, allowed_from, to, **fields):
    """Change the status only if it is still one of ``allowed_from`` (safe against races)."""
    updated = Contribution.objects.filter(pk=contribution.pk, status__in=allowed_from).update(
        status=to, **fields
    )
    if not updated:
        raise InvalidTransition(f"{contribution.status} -> {to}")
    old = contribution.status
    contribution.status = to
    for name, value in fields.items():
        setattr(contribution, name, value)
    # Derived consultation results follow publication, in this same transaction. No caller
    # mixes published and unpublished states in ``allowed_from``, so it says what the row was.
    if (S.PUBLISHED in allowed_from) != (to == S.PUBLISHED):
        tallies.apply(contribution, 1 if to == S.PUBLISHED else -1)
    return old


def _log(contribution, short, user=None, **data):
    log(instance=contribution, action=action_name(short), user=user, data=data or None)


def _on_commit(func, *args):
    transaction.on_commit(partial(func, *args))


def _purge(contribution):
    # Rows changed with update() send no post_save: the page's fragments go stale here too.
    _on_commit(fragments.bump_page, contribution.page_id)
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        from wagtail.contrib.frontend_cache.utils import purge_page_from_cache  # an optional app

        _on_commit(purge_page_from_cache, contribution.page.specific)
    _reindex(contribution)


def _reindex(contribution):
    # The page's search text includes its visible contributions (participation_search_fields).

    _on_commit(insert_or_update_object, contribution.page.specific)


def _notify_author(contribution, event):
    if contribution.notify_author and contribution.email:
        _on_commit(notifications.notify_author.enqueue, contribution.pk, event)


def _notify_moderators(contribution):
    _on_commit(notifications.notify_moderators.enqueue, contribution.page_id)


def _after_confirmation_status(contribution):
    page = contribution.page.specific
    if contribution.flagged_personal_number:
        return S.PENDING
    return S.PUBLISHED if getattr(page, "is_post_moderated", False) else S.PENDING


def _enter(contribution, status):
    """Side effects of arriving at pending or published after confirmation or registration."""
    if status == S.PUBLISHED:
        _purge(contribution)
    _notify_moderators(contribution)


def double_opt_in_for(page, request=None):
    # The Site Wagtail found for the request, when it is the page's own: no second lookup.
    return MedborgardialogSettings.double_opt_in_for(site_of(page, request))


# --- transitions -----------------------------------------------------------------------


@transaction.atomic
def submit(
    page,
    *,
    text,
    email,
    display_name="",
    organisation="",
    notify_author=False,
    ip_hash="",
    language="",
    request=None,
    personal_link=False,
    **extra,
):
    """Store a citizen's contribution from the web form; ask for confirmation or queue it.

    ``extra`` holds further fields of the row a page type stores with it (a consultation's
    invited body and area), set before the row is first saved. ``personal_link``: sent with a
    personal link mailed to the author (a panel member's invitation), which confirms it, and
    kept to one by that link rather than by the duplicate check on the text.
    """
    page = page.specific
    if not page.accepts_contributions():
        raise InvalidTransition("closed")
    text = sanitizer.clean_text(text)
    contribution = Contribution(
        page=page,
        text=text,
        email=email,
        display_name=sanitizer.clean_line(display_name),
        organisation=sanitizer.clean_line(organisation),
        notify_author=notify_author,
        ip_hash=ip_hash,
        language=language,
        channel=ContributionChannel.WEB,
        flagged_personal_number=sanitizer.contains_personal_number(
            " ".join([text, display_name, organisation])
        ),
        status=S.UNCONFIRMED,
        duplicate_key=None if personal_link else antispam.duplicate_key(text),
        **extra,
    )
    try:
        with transaction.atomic():
            contribution.save()
    except IntegrityError as error:
        raise DuplicateContribution from error
    _log(contribution, "submit")
    if double_opt_in_for(page, request) and not personal_link:
        _on_commit(
            notifications.send_confirmation.enqueue,
            contribution.pk,
            confirmation_url(contribution, request),
        )
    else:
        _confirm(contribution, user=None)
    return contribution


def _confirm(contribution, user):
    to = _after_confirmation_status(contribution)
    now = timezone.now()
    fields = {"confirmed_at": now}
    if to == S.PUBLISHED:
        fields["published_at"] = now
    _move(contribution, [S.UNCONFIRMED], to, **fields)
    _log(contribution, "confirm", user, status=to)
    _enter(contribution, to)
    if to == S.PUBLISHED:
        _notify_author(contribution, "published")


@transaction.atomic
def confirm(contribution):
    """The author followed the confirmation link. Confirming twice is harmless.

    Two clicks can arrive together; the conditional update in :func:`_move` lets one of them
    confirm (and log), and the other finds it confirmed already.
    """
    if contribution.status != S.UNCONFIRMED:
        return contribution
    try:
        _confirm(contribution, user=None)
    except InvalidTransition:
        contribution.refresh_from_db()
    return contribution


@transaction.atomic
def register(contribution, user):
    """An official registers input received elsewhere (meeting, letter, phone)."""
    _require(user, contribution)
    contribution.text = sanitizer.clean_text(contribution.text)
    contribution.display_name = sanitizer.clean_line(contribution.display_name)
    contribution.organisation = sanitizer.clean_line(contribution.organisation)
    contribution.flagged_personal_number = sanitizer.contains_personal_number(
        " ".join([contribution.text, contribution.display_name, contribution.organisation])
    )
    contribution.status = S.PENDING
    contribution.confirmed_at = timezone.now()
    contribution.save()
    _log(contribution, "register", user, channel=contribution.channel)
    return contribution


@transaction.atomic
def approve(contribution, user, override_reason=""):
    """Publish. A text flagged for a personal identity number is published only after it was
    redacted (which clears the flag) or with ``override_reason``, which the audit log keeps.
    """
    _require(user, contribution)
    override_reason = sanitizer.clean_text(override_reason)
    flagged = Contribution.objects.filter(pk=contribution.pk, flagged_personal_number=True).exists()
    if flagged and not override_reason:
        raise PersonalNumberNotHandled("personal number")
    now = timezone.now()
    _move(
        contribution,
        [S.PENDING, S.REJECTED, S.UNPUBLISHED],
        S.PUBLISHED,
        published_at=contribution.published_at or now,
        moderated_at=now,
    )
    if flagged:
        _log(contribution, "override", user, reason=override_reason)
    _log(contribution, "approve", user)
    _purge(contribution)
    _notify_author(contribution, "published")
    return contribution


@transaction.atomic
def reject(contribution, user, reason=""):
    _require(user, contribution)
    reason = sanitizer.clean_text(reason)
    _move(
        contribution,
        [S.PENDING],
        S.REJECTED,
        rejection_reason=reason,
        moderated_at=timezone.now(),
    )
    _log(contribution, "reject", user, reason=reason)
    _notify_author(contribution, "rejected")
    return contribution


@transaction.atomic
def unpublish(contribution, user, reason=""):
    _require(user, contribution)
    reason = sanitizer.clean_text(reason)
    _move(
        contribution,
        [S.PUBLISHED],
        S.UNPUBLISHED,
        rejection_reason=reason,
        moderated_at=timezone.now(),
    )
    _log(contribution, "unpublish", user, reason=reason)
    _purge(contribution)
    return contribution


@transaction.atomic
def reply(contribution, user, text):
    """Save the official reply ("Svar från kommunen") shown under the contribution."""
    _require(user, contribution)
    if contribution.status == S.UNCONFIRMED:
        raise InvalidTransition("unconfirmed")
    text = sanitizer.clean_text(text)
    Contribution.objects.filter(pk=contribution.pk).update(
        reply=text, replied_at=timezone.now(), replied_by=user
    )
    contribution.refresh_from_db()
    _log(contribution, "reply", user)
    if contribution.status == S.PUBLISHED:
        _purge(contribution)
        if text:
            _notify_author(contribution, "replied")
    return contribution


def reporting_networks(contribution, now=None):
    """How many networks reported ``contribution`` in a way that counts towards hiding it.

    Only reports within REPORT_WINDOW count, and only those after the last moderation: a
    moderator who approves it again after reports makes it immune to them. Networks that
    reported before that approval do not count afterwards either, so the same reporters
    cannot hide it again. A report without a network (no REMOTE_ADDR) never counts.
    """
    now = now or timezone.now()
    since = now - timedelta(seconds=get_setting("REPORT_WINDOW"))
    reviewed = contribution.moderated_at or contribution.published_at
    reports = contribution.reports.exclude(network_hash="")
    counted = reports.filter(created_at__gte=since)
    if reviewed:
        counted = counted.filter(created_at__gte=reviewed).exclude(
            network_hash__in=reports.filter(created_at__lt=reviewed).values("network_hash")
        )
    return counted.values("network_hash").distinct().count()


@transaction.atomic
def report(contribution, reason="", ip_hash="", network_hash=""):
    """A citizen reports a published contribution: moderators are told at once, and reports
    from REPORT_THRESHOLD networks (see :func:`reporting_networks`) send it back to moderation.
    """
    if not is_public(contribution):
        raise InvalidTransition("not visible")
    ContributionReport.objects.create(
        contribution=contribution,
        reason=sanitizer.clean_text(reason),
        ip_hash=ip_hash,
        network_hash=network_hash,
    )
    _log(contribution, "report")
    _notify_moderators(contribution)
    if reporting_networks(contribution) >= get_setting("REPORT_THRESHOLD"):
        try:
            _move(contribution, [S.PUBLISHED], S.PENDING)
        except InvalidTransition:
            return contribution  # a parallel report or a moderator got there first
        _log(contribution, "requeue")
        _purge(contribution)
    return contribution


def _spans(text, remove=None, start=None, end=None):
    """The (start, end) spans of ``text`` to redact: every occurrence of ``remove``, or one
    span by offsets."""
    if remove is not None:
        remove = remove.strip()
        spans, at = [], text.find(remove) if remove else -1
        while at != -1:
            spans.append((at, at + len(remove)))
            at = text.find(remove, at + len(remove))
        return spans
    if start is None or end is None or not (0 <= start < end <= len(text)):
        return []
    return [(start, end)]


@transaction.atomic
def redact(contribution, user, *, remove=None, start=None, end=None):
    """Replace a span of a contribution's text with a visible marker ("[removed]").

    Give either ``remove`` (every occurrence of that text goes) or ``start``/``end`` offsets.
    The removed words are kept only in the audit log entry's data, which only users with the
    personal data permission see, and which anonymisation clears (docs/privacy.md). The
    personal identity number flag is worked out again from what remains.
    """
    _require(user, contribution)
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.status == S.UNCONFIRMED:
        raise InvalidTransition("unconfirmed")
    spans = _spans(locked.text, remove, start, end)
    if not spans:
        raise NothingToRedact(remove)
    marker = str(REDACTED)
    removed = [locked.text[a:b] for a, b in spans]
    text = locked.text
    for a, b in reversed(spans):
        text = text[:a] + marker + text[b:]
    flagged = sanitizer.contains_personal_number(
        " ".join([text, locked.display_name, locked.organisation])
    )
    Contribution.objects.filter(pk=locked.pk).update(text=text, flagged_personal_number=flagged)
    contribution.text = text
    contribution.flagged_personal_number = flagged
    contribution.status = locked.status
    _log(contribution, "redact", user, removed=removed)
    if locked.status == S.PUBLISHED:
        _purge(contribution)
    return contribution
