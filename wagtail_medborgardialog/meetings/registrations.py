"""The one place that decides who has a seat at a meeting.

``register`` stores an unconfirmed registration and e-mails the confirmation link (double
opt-in); ``confirm`` gives the person a place, or a place on the waiting list when the places
are taken; ``cancel`` frees the place and ``promote`` gives it to the first on the waiting list,
who is told by e-mail. Every seat decision runs in a transaction holding a row lock on the
meeting (``select_for_update``), so parallel requests queue on it: the confirmed never exceed
the capacity and nobody on the waiting list is skipped or lost. E-mails are enqueued on commit.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from .. import identity
from ..models.meetings import Meeting, Registration, RegistrationStatus

S = RegistrationStatus

CONFIRM = "meeting-confirm"
CANCEL = "meeting-cancel"


class RegistrationClosed(Exception):
    """The meeting's form does not take registrations now."""


def identity_hash_for(meeting, email):
    return identity.identity_hash(
        "email", identity.normalise_email(email), scope=f"meeting:{meeting.pk}"
    )


def _locked(meeting_id):
    return Meeting.objects.select_for_update().get(pk=meeting_id)


def _on_commit(func, *args):
    transaction.on_commit(lambda: func.enqueue(*args))


def register(meeting, *, name, email, language="", **details):
    """Store an intresseanmälan, unconfirmed, and e-mail its confirmation link.

    The same person (e-mail address) registering again gets the link again: a cancelled or
    unconfirmed registration takes the new details; a confirmed or waiting one is kept as it is
    (its confirm link shows where they stand and carries the cancel link). Raises
    ``RegistrationClosed`` when the form is closed.
    """
    from .. import notifications  # notifications import the models and permissions

    key = identity_hash_for(meeting, email)
    fields = {"name": name, "email": email, "language": language, **details}
    with transaction.atomic():
        locked = _locked(meeting.pk)
        if not locked.is_open_for_registration():
            raise RegistrationClosed
        registration = (
            Registration.objects.select_for_update()
            .filter(meeting=locked, identity_hash=key)
            .first()
        )
        if registration is None:
            try:
                with transaction.atomic():
                    registration = Registration.objects.create(
                        meeting=locked, identity_hash=key, **fields
                    )
            except IntegrityError:  # the same person in a parallel request
                registration = Registration.objects.get(meeting=locked, identity_hash=key)
        elif registration.status in (S.UNCONFIRMED, S.CANCELLED):
            for name_, value in fields.items():
                setattr(registration, name_, value)
            registration.status, registration.position = S.UNCONFIRMED, None
            registration.cancelled_at = registration.confirmed_at = None
            registration.save()
        _on_commit(notifications.send_meeting_confirmation, registration.pk)
    return registration


def confirm(registration):
    """Confirm the e-mail address: a place if one is free, else the end of the waiting list.
    Confirming again changes nothing. Returns the registration as stored."""
    from .. import notifications

    with transaction.atomic():
        meeting = _locked(registration.meeting_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != S.UNCONFIRMED:
            return registration
        registration.confirmed_at = timezone.now()
        if has_free_place(meeting):
            registration.status = S.CONFIRMED
        else:
            registration.status = S.WAITLISTED
            registration.position = _next_position(meeting)
        registration.save(update_fields=["status", "position", "confirmed_at"])
        event = "confirmed" if registration.status == S.CONFIRMED else "waitlisted"
        _on_commit(notifications.send_meeting_status, registration.pk, event)
    return registration


def cancel(registration):
    """Cancel through the personal link; a freed place goes to the first on the waiting list.
    Cancelling again changes nothing. Returns the registration as stored."""
    with transaction.atomic():
        meeting = _locked(registration.meeting_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == S.CANCELLED:
            return registration
        held_place = registration.status == S.CONFIRMED
        registration.status, registration.position = S.CANCELLED, None
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "position", "cancelled_at"])
        if held_place:
            promote(meeting)
    return registration


def promote(meeting):
    """Give free places to the waiting list, first come first served, and tell each person.
    Call inside a transaction holding the meeting's lock (``cancel`` does; after raising the
    capacity in the admin, ``promote_after_change``). Returns the promoted registrations."""
    from .. import notifications

    free = free_places(meeting)
    if free is not None and free <= 0:
        return []
    waiting = Registration.objects.select_for_update().filter(meeting=meeting, status=S.WAITLISTED)
    waiting = waiting.order_by("position", "pk")
    promoted = list(waiting if free is None else waiting[:free])
    for registration in promoted:
        registration.status, registration.position = S.CONFIRMED, None
        registration.save(update_fields=["status", "position"])
        _on_commit(notifications.send_meeting_status, registration.pk, "promoted")
    return promoted


def promote_after_change(meeting):
    """After an editor raised the capacity (or removed it): fill the new places."""
    with transaction.atomic():
        return promote(_locked(meeting.pk))


def confirmed_count(meeting):
    return Registration.objects.filter(meeting=meeting, status=S.CONFIRMED).count()


def free_places(meeting):
    """Places left, or None when the meeting has no limit."""
    if meeting.capacity is None:
        return None
    return max(meeting.capacity - confirmed_count(meeting), 0)


def has_free_place(meeting):
    free = free_places(meeting)
    return free is None or free > 0


def _next_position(meeting):
    last = Registration.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


# --- personal links -------------------------------------------------------------------------


def confirm_token(registration):
    return identity.make_link_token(registration, CONFIRM)


def cancel_token(registration):
    return identity.make_link_token(registration, CANCEL)


def read_token(token, purpose):
    """The registration a link names; raises ``identity.InvalidLink``. The confirmation link
    expires (CONFIRMATION_MAX_AGE); the cancel link lasts until the meeting."""
    max_age = identity.confirmation_max_age() if purpose == CONFIRM else None
    return identity.read_link_token(token, Registration, purpose, max_age=max_age)
