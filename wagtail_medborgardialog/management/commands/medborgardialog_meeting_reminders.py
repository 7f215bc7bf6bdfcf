"""Enqueue the reminders of tomorrow's meetings; run it from cron, e.g. every hour.

Each confirmed registration is reminded once (its reminded_at is set when the reminder is
enqueued), so running it more often, or on several servers, is safe.
"""

from django.core.management.base import BaseCommand

from ...meetings.reminders import enqueue_due_reminders


class Command(BaseCommand):
    help = "Enqueue reminder e-mails for meetings starting within MEETING_REMINDER_HOURS."

    def handle(self, *args, **options):
        count = enqueue_due_reminders()
        self.stdout.write(f"{count} reminder(s) enqueued.")
