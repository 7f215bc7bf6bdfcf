"""A meeting page: a meeting that belongs to no dialogue (an open information meeting, a
public hearing), as a page of its own.

The page carries only its introduction; the meeting itself is the same ``Meeting`` row as on a
dialogue, with ``page`` pointing here, so registration, the waiting list, the personal links,
reminders, iCalendar, minutes and retention are the ones every other page uses (the routes of
``MeetingRoutesMixin``, which every plugin page has). docs/architecture.md, "Meetings", says why
it is not a page type carrying the meeting's fields.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .base import AbstractMedborgardialogPage
from .meetings import Meeting

MEETING_PAGE_TEMPLATE = "wagtail_medborgardialog/meetings/meeting_page.html"


class AbstractMeetingPage(AbstractMedborgardialogPage):
    """A page that is its meeting (or a short series of them): the introduction, then each
    meeting with its time, place and registration."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("Who the meeting is for and what it is about."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        HelpPanel(
            content=_(
                "Add the meeting itself under Meetings in the menu, and choose this page: "
                "its time, place, accessibility and registration are set there."
            )
        ),
    ]
    subpage_types = []
    template = MEETING_PAGE_TEMPLATE

    # Kept whole for visitors without cookies (caching.cached_page): a registration that holds
    # or frees a place bumps this page's generation (fragments), and each meeting's own moments
    # below end the kept copy when its state changes by itself.
    page_cache_routes = frozenset({"index_route"})

    class Meta:
        abstract = True

    def page_cache_changes_at(self):
        """When a meeting starts, ends, or its registration opens or closes: its state changes."""
        inherited = super().page_cache_changes_at()
        if not self.pk:
            return inherited
        rows = (
            Meeting.objects.filter(page_id=self.pk)
            .order_by("pk")
            .values_list("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
        )
        return [*inherited, *(moment for row in rows for moment in row if moment)]

    def get_template(self, request, *args, **kwargs):
        own = super().get_template(request, *args, **kwargs)
        return own if own == MEETING_PAGE_TEMPLATE else [own, MEETING_PAGE_TEMPLATE]

    def get_context(self, request, *args, **kwargs):
        from ..meetings.views import meeting_url  # the views import the models

        context = super().get_context(request, *args, **kwargs)
        meetings = list(
            Meeting.objects.filter(page_id=self.pk).with_counts().order_by("starts_at", "pk")
            if self.pk
            else []
        )
        now = timezone.now()
        for meeting in meetings:
            meeting.page = self  # this page: no query for it (and its specific page) per meeting
            meeting.public_url = meeting_url(meeting, request) if self.pk else ""
            if meeting.capacity is not None:
                meeting.free_places = max(meeting.capacity - meeting.confirmed_count, 0)
            else:
                meeting.free_places = None
            meeting.open_for_registration = meeting.is_open_for_registration(now)
        context["coming_meetings"] = [m for m in meetings if m.ends_at >= now]
        context["past_meetings"] = [m for m in meetings if m.ends_at < now]
        # What the cached part varies on besides the page and its generations: the places
        # left (counted on every view, so a registration shows at once) and each meeting's
        # state now (coming or past, open for registration or not).
        context["meetings_state"] = tuple(
            (m.pk, m.free_places, m.open_for_registration, m.ends_at >= now) for m in meetings
        )
        return context


class MeetingPage(AbstractMeetingPage):
    """A meeting of its own ("Möte"), for example an open information meeting."""

    template = MEETING_PAGE_TEMPLATE

    class Meta:
        verbose_name = _("meeting page")
        verbose_name_plural = _("meeting pages")


__all__ = ["AbstractMeetingPage", "MeetingPage"]
