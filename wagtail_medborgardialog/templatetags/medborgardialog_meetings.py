"""Meetings in templates: "Kommande möten" on a page, a meeting's time as people say it, and
the privacy text at the registration form."""

from django import template
from django.urls import NoReverseMatch
from django.utils import translation

from .. import fragments
from ..conf import get_setting
from ..meetings.dates import format_day, format_span, local
from ..meetings.views import meeting_url
from ..models.meetings import Meeting
from ..sites import publisher_of

register = template.Library()

UPCOMING_LIMIT = 5


@register.simple_tag
def meeting_time(meeting):
    """ "tisdag 3 mars kl. 18.00–20.00" in the active language."""
    return format_span(meeting.starts_at, meeting.ends_at, translation.get_language())


@register.simple_tag
def meeting_day(meeting):
    """ "tisdag 3 mars" (with the year when not this year's) in the active language."""
    return format_day(meeting.starts_at, translation.get_language())


@register.simple_tag(takes_context=True)
def meeting_public_url(context, meeting):
    """The meeting's address on its page; "" while that page is not public."""
    page = meeting.page
    if not page.live:
        return ""
    return meeting_url(meeting, context.get("request"))


@register.filter
def meeting_local(value):
    """An aware time in the meetings' time zone (for ``<time datetime>`` and ``|date``)."""
    return local(value)


@register.inclusion_tag("wagtail_medborgardialog/meetings/upcoming.html", takes_context=True)
def upcoming_meetings(context, page=None, limit=UPCOMING_LIMIT, heading_level=2):
    """The next meetings on ``page`` and the pages below it: one query, however many."""
    page = page or context.get("page")
    request = context.get("request")
    meetings = []
    if page is not None and page.pk and _has_meetings_below(page):
        meetings = list(
            Meeting.objects.below(page)
            .upcoming()
            .public()
            .with_counts()
            .select_related("page")
            .order_by("starts_at", "pk")[: int(limit)]
        )
        for meeting in meetings:
            meeting.public_url = meeting_url(meeting, request)
            if meeting.capacity is not None:
                meeting.free_places = max(meeting.capacity - meeting.confirmed_count, 0)
        if meetings:
            # The list moves on when its first meeting ends: a kept page is not answered then.
            fragments.note_change_at(request, min(m.ends_at for m in meetings))
    return {
        "page": page,
        "meetings": meetings,
        "heading_tag": f"h{int(heading_level)}",
        "feed_url": _feed_path(page) if meetings else "",
        "request": request,
    }


def _has_meetings_below(page):
    """Whether any meeting belongs to ``page`` or a page below it, kept in the cache under the
    page's and the site's generations (a meeting saved or deleted, or a page moved, makes the
    site generation new): most pages have none and then need no query for them."""
    return fragments.page_value(
        "has-meetings-below", page, lambda: Meeting.objects.below(page).exists()
    )


def _feed_path(page):
    """The page's calendar route; "" for a site's page without the meeting routes."""
    try:
        return page.reverse_subpage("meetings_ics")
    except (AttributeError, NoReverseMatch):
        return ""


@register.inclusion_tag("wagtail_medborgardialog/meetings/privacy.html", takes_context=True)
def meeting_privacy(context, meeting):
    return {
        "meeting": meeting,
        "publisher": publisher_of(context.get("page"), context.get("request")),
        "retention_days": get_setting("MEETING_RETENTION_DAYS"),
    }
