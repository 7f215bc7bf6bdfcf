"""Meetings as iCalendar (RFC 5545), with the ``icalendar`` library and the calendar writer of
contracts/feeds.py: the feeds of a page and of a site, and the invitation in e-mails."""

import datetime

import icalendar
from django.utils.translation import gettext as _

from ..contracts.feeds import render_calendar


def meeting_uid(meeting):
    return f"meeting-{meeting.pk}@wagtail-medborgardialog"


def location_of(meeting):
    return ", ".join(part for part in (meeting.place, meeting.address) if part)


class MeetingEvent:
    """A timed event: the times in UTC, so every calendar program places them right."""

    def __init__(self, meeting, url=""):
        self.meeting, self.url = meeting, url

    def as_component(self, stamp):
        meeting = self.meeting
        event = icalendar.Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
        event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
        event.add("summary", meeting.title)
        description = [meeting.description]
        features = meeting.accessibility_features()
        if features:
            description.append(_("Accessibility: %s") % ", ".join(str(f) for f in features))
        if meeting.online_url:
            description.append(_("Online: %s") % meeting.online_url)
        description = "\n\n".join(part for part in description if part)
        if description:
            event.add("description", description)
        if location_of(meeting):
            event.add("location", location_of(meeting))
        if self.url:
            event.add("url", self.url)
        if meeting.contact_email:
            organizer = icalendar.vCalAddress(f"mailto:{meeting.contact_email}")
            if meeting.contact_name:
                organizer.params["cn"] = icalendar.vText(meeting.contact_name)
            event.add("organizer", organizer)
        event.add("status", "CONFIRMED")
        return event


def render_meetings(name, meetings, urls=None):
    """The calendar of ``meetings``; ``urls`` maps a meeting's id to its public address."""
    urls = urls or {}
    return render_calendar(name, [MeetingEvent(m, urls.get(m.pk, "")) for m in meetings])
