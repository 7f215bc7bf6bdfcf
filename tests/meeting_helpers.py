"""Meetings for the tests: made through the models, registered through registrations.py."""

from datetime import timedelta

from django.utils import timezone

from wagtail_medborgardialog.meetings import registrations
from wagtail_medborgardialog.models import Meeting


def make_meeting(page, *, days=10, hours=2, **fields):
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    values = {
        "title": "Workshop om Norrby torg",
        "starts_at": start,
        "ends_at": start + timedelta(hours=hours),
        "place": "Norrby bibliotek",
        "address": "Torggatan 1",
        "contact_name": "Anna Lind",
        "contact_email": "anna.lind@example.se",
        **fields,
    }
    return Meeting.objects.create(page=page, **values)


def register(meeting, n, confirm=True, **fields):
    """Person ``n`` registers (and confirms); returns the registration as stored."""
    registration = registrations.register(
        meeting,
        name=fields.pop("name", f"Person {n}"),
        email=fields.pop("email", f"person{n}@example.se"),
        **fields,
    )
    if confirm:
        registration = registrations.confirm(registration)
    return registration
