"""Meeting times as people say them, in Swedish and English, in Stockholm time."""

import datetime
import zoneinfo

import pytest

from wagtail_medborgardialog.meetings.dates import format_span

STHLM = zoneinfo.ZoneInfo("Europe/Stockholm")
UTC = datetime.UTC


def at(*args, tz=STHLM):
    return datetime.datetime(*args, tzinfo=tz)


TODAY = datetime.date(2026, 1, 10)
TUE_3_MARCH = "tisdag 3 mars kl. 18.00–20.00"


@pytest.mark.parametrize(
    ("start", "end", "language", "expected"),
    [
        (at(2026, 3, 3, 18), at(2026, 3, 3, 20), "sv", "tisdag 3 mars kl. 18.00–20.00"),
        (at(2026, 3, 3, 18), at(2026, 3, 3, 20), "en", "Tuesday 3 March, 18:00–20:00"),
        (at(2026, 3, 3, 18, 30), at(2026, 3, 3, 20, 5), "sv", "tisdag 3 mars kl. 18.30–20.05"),
        # Stored in UTC, shown in Stockholm time: 17.00 UTC in winter is 18.00.
        (
            at(2026, 3, 3, 17, tz=UTC),
            at(2026, 3, 3, 19, tz=UTC),
            "sv",
            "tisdag 3 mars kl. 18.00–20.00",
        ),
        # Summer time: 16.00 UTC is 18.00.
        (
            at(2026, 6, 9, 16, tz=UTC),
            at(2026, 6, 9, 18, tz=UTC),
            "sv",
            "tisdag 9 juni kl. 18.00–20.00",
        ),
        (
            at(2026, 5, 8, 9),
            at(2026, 5, 9, 15),
            "sv",
            "fredag 8 maj kl. 09.00 – lördag 9 maj kl. 15.00",
        ),
        (at(2027, 1, 12, 9), at(2027, 1, 12, 12), "sv", "tisdag 12 januari 2027 kl. 09.00–12.00"),
        (at(2026, 3, 3, 18), at(2026, 3, 3, 20), "sv-se", "tisdag 3 mars kl. 18.00–20.00"),
    ],
)
def test_format_span(start, end, language, expected):
    assert format_span(start, end, language, today=TODAY) == expected


def test_the_template_tag_follows_the_pages_language():
    from types import SimpleNamespace

    from django.utils import translation

    from wagtail_medborgardialog.templatetags.medborgardialog_meetings import meeting_time

    meeting = SimpleNamespace(starts_at=at(2030, 3, 5, 18), ends_at=at(2030, 3, 5, 20))
    with translation.override("en"):
        assert meeting_time(meeting).startswith("Tuesday 5 March 2030, 18:00–20:00")
    with translation.override("sv"):
        assert meeting_time(meeting) == "tisdag 5 mars 2030 kl. 18.00–20.00"
