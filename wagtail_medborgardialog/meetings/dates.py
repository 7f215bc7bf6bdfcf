"""Meeting times as people say them: "tisdag 3 mars kl. 18.00–20.00".

Times are stored aware (UTC) and shown in MEETING_TIME_ZONE (Europe/Stockholm). The words are
written out here rather than taken from the platform's locale, so the text is the same on every
server. Swedish writes weekdays and months in lower case, the time with a full stop and a
range with an en dash; English gets "Tuesday 3 March, 18:00–20:00".
"""

import zoneinfo

from django.utils import timezone

from ..conf import get_setting

WEEKDAYS = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "sv": (
        "januari februari mars april maj juni juli augusti september oktober november december"
    ).split(),
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
}


def local(value):
    """``value`` (aware) in the meetings' time zone."""
    return timezone.localtime(value, zoneinfo.ZoneInfo(get_setting("MEETING_TIME_ZONE")))


def _language(language):
    return "sv" if (language or "sv").lower().startswith("sv") else "en"


def format_day(value, language="sv", today=None):
    """ "tisdag 3 mars" (the year added when it is not this year's)."""
    lang, value = _language(language), local(value)
    text = f"{WEEKDAYS[lang][value.weekday()]} {value.day} {MONTHS[lang][value.month - 1]}"
    this_year = (today or local(timezone.now())).year
    return f"{text} {value.year}" if value.year != this_year else text


def format_clock(value, language="sv"):
    value = local(value)
    separator = "." if _language(language) == "sv" else ":"
    return f"{value.hour:02d}{separator}{value.minute:02d}"


def format_span(starts_at, ends_at, language="sv", today=None):
    """The meeting's time as one phrase, in ``language``."""
    lang = _language(language)
    start_day = format_day(starts_at, lang, today)
    start, end = format_clock(starts_at, lang), format_clock(ends_at, lang)
    if local(starts_at).date() == local(ends_at).date():
        return f"{start_day} kl. {start}–{end}" if lang == "sv" else f"{start_day}, {start}–{end}"
    end_day = format_day(ends_at, lang, today)
    if lang == "sv":
        return f"{start_day} kl. {start} – {end_day} kl. {end}"
    return f"{start_day}, {start} – {end_day}, {end}"
