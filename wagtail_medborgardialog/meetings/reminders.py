"""The reminder the day before a meeting.

The task queue runs tasks; it does not schedule them (a django-tasks backend may not defer).
So the schedule is a command, ``medborgardialog_meeting_reminders``, run by cron (every hour,
say): it finds the confirmed registrations of meetings starting within MEETING_REMINDER_HOURS
and enqueues one reminder task for each. A registration is claimed by setting its
``reminded_at`` in a conditional update before its task is enqueued, so a second run, or two
servers running the command at once, never remind anyone twice.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..conf import get_setting
from ..models.meetings import Registration, RegistrationStatus


def due_reminders(now=None):
    """Registrations whose reminder is due at ``now``."""
    now = now or timezone.now()
    horizon = now + timedelta(hours=get_setting("MEETING_REMINDER_HOURS"))
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        anonymised_at__isnull=True,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=horizon,
    )


def enqueue_due_reminders(now=None):
    """Claim each due registration and enqueue its reminder; returns how many."""
    from ..notifications import send_meeting_reminder

    now = now or timezone.now()
    enqueued = 0
    for pk in list(due_reminders(now).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                transaction.on_commit(lambda pk=pk: send_meeting_reminder.enqueue(pk))
                enqueued += 1
    return enqueued
