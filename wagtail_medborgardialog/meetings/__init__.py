"""Meetings: registration with a waiting list, calendars, reminders (docs/meetings.md)."""
