"""iCalendar (RFC 5545) feeds, written by hand: the format is small and needs no dependency."""

import datetime

from django.utils import timezone


def escape_text(value):
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """Fold a content line into lines of at most 75 octets (RFC 5545 3.1).

    Continuation lines start with a space; a UTF-8 character is never split.
    """
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        octets = char.encode("utf-8")
        if len(current) + len(octets) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # the leading space counts
        current += octets
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def format_date(value):
    return value.strftime("%Y%m%d")


def format_utc(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


class CalendarEvent:
    """An all-day event."""

    def __init__(self, uid, day, summary, description="", url=""):
        self.uid, self.day, self.summary = uid, day, summary
        self.description, self.url = description, url

    def lines(self, stamp):
        yield "BEGIN:VEVENT"
        yield f"UID:{self.uid}"
        yield f"DTSTAMP:{format_utc(stamp)}"
        yield f"DTSTART;VALUE=DATE:{format_date(self.day)}"
        yield f"DTEND;VALUE=DATE:{format_date(self.day + datetime.timedelta(days=1))}"
        yield f"SUMMARY:{escape_text(self.summary)}"
        if self.description:
            yield f"DESCRIPTION:{escape_text(self.description)}"
        if self.url:
            yield f"URL:{self.url}"
        yield "TRANSP:TRANSPARENT"
        yield "END:VEVENT"


def render_calendar(name, events, stamp=None):
    """The iCalendar text of ``events`` (CRLF line endings, folded lines)."""
    stamp = stamp or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//wagtail-medborgardialog//NONSGML Medborgardialog//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event.lines(stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
