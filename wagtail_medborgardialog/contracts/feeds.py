"""iCalendar (RFC 5545) feeds, written with the ``icalendar`` library.

The library escapes text values, folds lines at 75 octets without splitting a character and
ends every line in CRLF; this module only says what the calendar holds.
"""

import datetime

import icalendar
from django.utils import timezone

PRODID = "-//wagtail-medborgardialog//NONSGML Medborgardialog//SV"


class CalendarEvent:
    """An all-day event."""

    def __init__(self, uid, day, summary, description="", url=""):
        self.uid, self.day, self.summary = uid, day, summary
        self.description, self.url = description, url

    def as_component(self, stamp):
        event = icalendar.Event()
        event.add("uid", self.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", self.day)
        event.add("dtend", self.day + datetime.timedelta(days=1))
        event.add("summary", str(self.summary))
        if self.description:
            event.add("description", str(self.description))
        if self.url:
            event.add("url", self.url)
        # All-day reminders, not busy time: they do not block anyone's calendar.
        event.add("transp", "TRANSPARENT")
        return event


def render_calendar(name, events, stamp=None):
    """The iCalendar text of ``events`` as bytes (UTF-8, CRLF line endings, folded lines)."""
    stamp = (stamp or timezone.now()).astimezone(datetime.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An X- property has no known type: say it is TEXT, so it is escaped like one.
    calendar.add("x-wr-calname", icalendar.vText(str(name)))
    for event in events:
        calendar.add_component(event.as_component(stamp))
    return calendar.to_ical()
