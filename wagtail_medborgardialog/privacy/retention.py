"""Anonymisation, retention and deletion of contributors' personal data."""

from datetime import timedelta
from functools import partial

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page
from wagtail.search.index import insert_or_update_object

from ..conf import get_setting
from ..log_actions import contribution_action, privacy_action
from ..models import Contribution, ContributionReport, ContributionStatus
from ..models.participation import participation_page_models as models
from ..permissions import can_moderate

# --- anonymisation and retention -------------------------------------------------------
#
# Anonymising is not a status change (moderation.py owns those): it removes who sent a
# contribution and keeps what was sent, which the municipality may have to keep as a public
# record. Every step writes the audit log with the action names of log_actions.PRIVACY_ACTIONS.

PERSONAL_FIELDS = {"email": "", "display_name": "", "organisation": "", "ip_hash": ""}

REASON_RETENTION = "retention"
REASON_SUBJECT_REQUEST = "subject_request"


# The audit-log name of a privacy action (the registry is log_actions).
action_name = privacy_action


def _scrub_log_labels(contribution_ids):
    # Entries are labelled "#<id>" (signal_handlers); older ones may still hold the name.

    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_id__in=[str(pk) for pk in contribution_ids],
    )
    for pk in contribution_ids:
        entries.filter(object_id=str(pk)).update(label=Contribution.log_label(pk))


def _scrub_redactions(contribution_ids):
    # A redaction's log entry keeps the removed words (moderation.redact); they are personal
    # data too, so they go with the other personal details.

    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_id__in=[str(pk) for pk in contribution_ids],
        action=contribution_action("redact"),
    ).update(data={})


@transaction.atomic
def anonymise(contribution, reason, user=None):
    """Remove the personal details of ``contribution``, keep its text, dates and history."""

    now = timezone.now()
    Contribution.objects.filter(pk=contribution.pk).update(
        anonymised_at=now, notify_author=False, **PERSONAL_FIELDS
    )
    ContributionReport.objects.filter(contribution_id=contribution.pk).update(
        ip_hash="", network_hash=""
    )
    contribution.anonymised_at = now
    contribution.notify_author = False
    for name, value in PERSONAL_FIELDS.items():
        setattr(contribution, name, value)
    _scrub_log_labels([contribution.pk])
    _scrub_redactions([contribution.pk])
    log(
        instance=contribution,
        action=action_name("anonymise"),
        user=user,
        data={"reason": reason},
    )
    return contribution


def participation_page_models():
    """Concrete page models with ParticipationMixin (they have ``closes_at``)."""

    return models()


def pages_closed_before(cutoff):
    """Ids of participatory pages whose input closed before ``cutoff``.

    Pages without a closing date stay open and are never culled automatically.
    """
    ids = set()
    for model in participation_page_models():
        ids.update(model.objects.filter(closes_at__lt=cutoff).values_list("pk", flat=True))
    return ids


def due_for_anonymisation(now=None):
    """Contributions still holding personal details on pages closed longer than allowed."""

    now = now or timezone.now()
    cutoff = now - timedelta(days=get_setting("RETENTION_DAYS"))
    return Contribution.objects.filter(
        page_id__in=pages_closed_before(cutoff), anonymised_at__isnull=True
    ).exclude(status=ContributionStatus.UNCONFIRMED)


def expired_unconfirmed(now=None):
    """Unconfirmed contributions whose confirmation link expired more than a grace period ago."""

    now = now or timezone.now()
    cutoff = now - timedelta(
        seconds=get_setting("CONFIRMATION_MAX_AGE"),
        days=get_setting("UNCONFIRMED_RETENTION_DAYS"),
    )
    return Contribution.objects.filter(status=ContributionStatus.UNCONFIRMED, created_at__lt=cutoff)


def expired_ip_hashes(now=None):
    """(contributions, reports) whose IP hash is older than IP_HASH_RETENTION_DAYS."""

    now = now or timezone.now()
    cutoff = now - timedelta(days=get_setting("IP_HASH_RETENTION_DAYS"))
    return (
        Contribution.objects.filter(created_at__lt=cutoff).exclude(ip_hash=""),
        ContributionReport.objects.filter(created_at__lt=cutoff).exclude(
            ip_hash="", network_hash=""
        ),
    )


def clear_ip_hashes(now=None):
    contributions, reports = expired_ip_hashes(now)
    return contributions.update(ip_hash=""), reports.update(ip_hash="", network_hash="")


@transaction.atomic
def delete_contributions(page, contributions, action, user=None, reason=""):
    """Delete ``contributions`` of ``page`` for good and log it on the page (they are gone)."""
    ids = sorted(c.pk for c in contributions)
    if not ids:
        return 0

    Contribution.objects.filter(pk__in=ids, page_id=page.pk).delete()
    # The history stays, marked deleted and without the excerpt of the deleted text.
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_id__in=[str(pk) for pk in ids],
    ).update(deleted=True, label=Concat(Value("#"), F("object_id")))
    log(
        instance=page,
        action=action_name(action),
        user=user,
        data={"contributions": ids, "count": len(ids), "reason": reason},
    )
    transaction.on_commit(partial(refresh_public_copies, page.pk))
    return len(ids)


def refresh_public_copies(page_id):
    """Drop deleted text from the copies outside the database: search index and page cache.

    The page's search text includes its public contributions (participation_search_fields).
    """

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    page = page.specific
    insert_or_update_object(page)
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        from wagtail.contrib.frontend_cache.utils import purge_page_from_cache  # an optional app

        purge_page_from_cache(page)


def can_hard_delete(user, contribution):
    """Unconfirmed input: any moderator of the page; confirmed input needs the permission."""

    if not can_moderate(user, contribution):
        return False

    if contribution.status == ContributionStatus.UNCONFIRMED:
        return True
    return user.has_perm("wagtail_medborgardialog.hard_delete_contribution")


def log_archive_export(page, export_format, user):
    log(
        instance=page,
        action=action_name("archive_export"),
        user=user,
        data={"format": export_format},
    )


# --- meeting registrations -----------------------------------------------------------------
# A registration is needed to run the meeting, not afterwards: MEETING_RETENTION_DAYS after the
# meeting ended its personal details go, and the row stays with its status, so the numbers
# registered, waiting and cancelled are kept. Unconfirmed registrations whose link expired are
# deleted, as unconfirmed contributions are.

REGISTRATION_PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "organisation": "",
    "role": "",
    "needs_food": "",
    "needs_access": "",
    "needs_interpretation": "",
    "identity_hash": None,
}


def registrations_due_for_culling(now=None):
    from ..models import Registration

    now = now or timezone.now()
    cutoff = now - timedelta(days=get_setting("MEETING_RETENTION_DAYS"))
    return Registration.objects.filter(anonymised_at__isnull=True, meeting__ends_at__lt=cutoff)


def cull_registrations(now=None):
    """Remove the personal details of registrations past their retention; returns how many."""
    now = now or timezone.now()
    return registrations_due_for_culling(now).update(
        **REGISTRATION_PERSONAL_FIELDS, anonymised_at=now
    )


def expired_unconfirmed_registrations(now=None):
    from ..models import Registration, RegistrationStatus

    now = now or timezone.now()
    cutoff = now - timedelta(
        seconds=get_setting("CONFIRMATION_MAX_AGE"),
        days=get_setting("UNCONFIRMED_RETENTION_DAYS"),
    )
    return Registration.objects.filter(status=RegistrationStatus.UNCONFIRMED, created_at__lt=cutoff)


# --- network intresseanmälningar --------------------------------------------------------------
# A confirmed intresseanmälan is needed while the organiser decides on it and contacts the
# person. NETWORK_INTEREST_RETENTION_DAYS after the decision (accepted or declined), or after
# the confirmation for one never decided, its personal details go; the row keeps its status and
# dates, so the numbers applied, accepted and declined are kept. A member organisation the
# network publishes is the page's own "member" row, not the intresseanmälan.

INTEREST_PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "organisation": "",
    "role": "",
    "municipality": "",
    "phone": "",
    "message": "",
    "identity_hash": None,
}


def interests_due_for_culling(now=None):
    from django.db.models import Q

    from ..models import InterestStatus, NetworkInterest

    now = now or timezone.now()
    cutoff = now - timedelta(days=get_setting("NETWORK_INTEREST_RETENTION_DAYS"))
    decided = Q(status__in=[InterestStatus.ACCEPTED, InterestStatus.DECLINED])
    return NetworkInterest.objects.filter(anonymised_at__isnull=True).filter(
        (decided & Q(reviewed_at__lt=cutoff))
        | (decided & Q(reviewed_at__isnull=True, confirmed_at__lt=cutoff))
        | Q(status=InterestStatus.RECEIVED, confirmed_at__lt=cutoff)
    )


def cull_interests(now=None):
    """Remove the personal details of confirmed intresseanmälningar past their retention."""
    now = now or timezone.now()
    return interests_due_for_culling(now).update(**INTEREST_PERSONAL_FIELDS, anonymised_at=now)


def expired_unconfirmed_interests(now=None):
    """Intresseanmälningar to networks never confirmed, their link expired: deleted."""
    from ..models import InterestStatus, NetworkInterest

    now = now or timezone.now()
    cutoff = now - timedelta(
        seconds=get_setting("CONFIRMATION_MAX_AGE"),
        days=get_setting("UNCONFIRMED_RETENTION_DAYS"),
    )
    return NetworkInterest.objects.filter(status=InterestStatus.UNCONFIRMED, created_at__lt=cutoff)
