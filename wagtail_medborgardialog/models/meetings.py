"""Meetings and their registrations (intresseanmälan).

A meeting is a row, not a page: it belongs to a page (a dialogue, a consultation, a contract,
an index...) and is served by that page's routes (``MeetingRoutesMixin``), edited in the admin
viewset ``admin/meetings.py`` scoped to the pages the editor may edit. docs/architecture.md,
"Meetings", gives the reasons.

Who gets a seat is decided only in ``meetings/registrations.py``, under a row lock on the
meeting.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField

from .contributions import under_view_restriction


class RegistrationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Not confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationState(models.TextChoices):
    """Whether a meeting's form takes registrations now, and if not, why."""

    NONE = "none", _("No registration")
    NOT_YET = "not_yet", _("Registration opens later")
    OPEN = "open", _("Open")
    CLOSED_BY_DATE = "closed_by_date", _("Closed: the last day has passed")
    CLOSED_BY_HAND = "closed_by_hand", _("Closed by the organiser")
    PAST = "past", _("The meeting has taken place")


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def below(self, page):
        """Meetings on ``page`` and every page under it."""
        return self.filter(page__path__startswith=page.path)

    def public(self):
        """Meetings on live pages that neither they nor an ancestor restrict."""
        return self.filter(page__live=True).exclude(under_view_restriction())

    def with_counts(self):
        confirmed = models.Count(
            "registrations", filter=models.Q(registrations__status=RegistrationStatus.CONFIRMED)
        )
        waitlisted = models.Count(
            "registrations", filter=models.Q(registrations__status=RegistrationStatus.WAITLISTED)
        )
        return self.annotate(confirmed_count=confirmed, waitlisted_count=waitlisted)


class Meeting(models.Model):
    """A meeting in a room or online: a workshop, a network meeting, an open meeting."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="mbd_meetings",
        help_text=_("The dialogue, consultation, contract or network the meeting belongs to."),
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    step_free = models.BooleanField(_("step-free access"), default=False)
    interpretation = models.BooleanField(_("interpretation"), default=False)
    childcare = models.BooleanField(_("childcare"), default=False)
    accessibility_info = models.TextField(
        _("more about accessibility"),
        blank=True,
        help_text=_("For example which languages are interpreted, or the nearest bus stop."),
    )
    online_url = models.URLField(_("online link"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="sv"
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit. When the places are taken, new registrations wait."),
    )
    contact_name = models.CharField(_("organiser's contact"), max_length=255, blank=True)
    contact_email = models.EmailField(_("organiser's e-mail"), blank=True)
    contact_phone = models.CharField(_("organiser's phone"), max_length=50, blank=True)
    registration_enabled = models.BooleanField(
        _("registration"), default=True, help_text=_("Whether people register to attend.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    registration_closed = models.BooleanField(
        _("registration closed by hand"),
        default=False,
        help_text=_("Closes the form at once, whatever the dates say."),
    )
    minutes = RichTextField(
        _("minutes or notes"),
        blank=True,
        help_text=_("Shown on the meeting once it has taken place."),
    )
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = MeetingQuerySet.as_manager()

    panels = [
        FieldPanel("page"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldPanel("address"),
                FieldPanel("online_url"),
                FieldPanel("language"),
            ],
            heading=_("Place"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("hearing_loop"),
                FieldPanel("step_free"),
                FieldPanel("interpretation"),
                FieldPanel("childcare"),
                FieldPanel("accessibility_info"),
            ],
            heading=_("Accessibility"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldPanel("registration_closed"),
            ],
            heading=_("Registration (intresseanmälan)"),
        ),
        MultiFieldPanel(
            [FieldPanel("minutes"), FieldPanel("attendance")], heading=_("After the meeting")
        ),
    ]

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["page", "starts_at"])]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The meeting cannot end before it starts.")})
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes < opens:
            raise ValidationError(
                {"registration_closes_at": _("Registration cannot close before it opens.")}
            )

    def registration_state(self, now=None):
        now = now or timezone.now()
        if not self.registration_enabled:
            return RegistrationState.NONE
        if self.starts_at <= now:
            return RegistrationState.PAST
        if self.registration_closed:
            return RegistrationState.CLOSED_BY_HAND
        if self.registration_closes_at and self.registration_closes_at <= now:
            return RegistrationState.CLOSED_BY_DATE
        if self.registration_opens_at and self.registration_opens_at > now:
            return RegistrationState.NOT_YET
        return RegistrationState.OPEN

    def is_open_for_registration(self, now=None):
        return self.registration_state(now) == RegistrationState.OPEN

    def has_taken_place(self, now=None):
        return self.ends_at <= (now or timezone.now())

    def accessibility_features(self):
        """The features the place has, as labels."""
        names = ("hearing_loop", "step_free", "interpretation", "childcare")
        return [self._meta.get_field(name).verbose_name for name in names if getattr(self, name)]


class Registration(models.Model):
    """One person's intresseanmälan to a meeting: personal data, culled by the retention
    command (``privacy/retention.py``) a set number of days after the meeting."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation or municipality"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    needs_food = models.CharField(_("food (allergies, diet)"), max_length=500, blank=True)
    needs_access = models.CharField(_("access needs"), max_length=500, blank=True)
    needs_interpretation = models.CharField(_("interpretation"), max_length=500, blank=True)
    consent = models.BooleanField(_("consent"), default=False)
    # Keyed hash of the normalised e-mail, scoped to the meeting (identity.identity_hash):
    # one registration per person and meeting, held by the unique constraint below.
    identity_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.UNCONFIRMED,
        db_index=True,
    )
    position = models.PositiveIntegerField(
        _("place on the waiting list"), null=True, blank=True, editable=False
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(
        _("personal details removed"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "identity_hash"], name="mbd_registration_one_per_person"
            )
        ]

    def __str__(self):
        if self.anonymised_at:
            return f"#{self.pk}"
        return f"{self.name} ({self.meeting})"


class MeetingRoutesMixin:
    """The public routes of a page's meetings: the meeting with its registration form, the
    confirm and cancel links, and the iCalendar feeds. Mixed into every page type of the
    plugin (``AbstractMedborgardialogPage``), which lists ``RoutablePageMixin``."""

    @path("moten/<int:meeting_id>/", name="meeting_detail")
    def meeting_detail_route(self, request, meeting_id):
        from ..meetings import views  # the views import the models

        return views.meeting_detail(request, self, meeting_id)

    @path("moten/bekrafta/<str:token>/", name="meeting_confirm")
    def meeting_confirm_route(self, request, token):
        from ..meetings import views

        return views.meeting_link(request, self, token, "confirm")

    @path("moten/avboka/<str:token>/", name="meeting_cancel")
    def meeting_cancel_route(self, request, token):
        from ..meetings import views

        return views.meeting_link(request, self, token, "cancel")

    @path("moten/kalender/", name="meetings_ics")
    def meetings_ics_route(self, request):
        from ..meetings import views

        return views.page_calendar(request, self)

    @path("moten/kalender/alla/", name="meetings_site_ics")
    def meetings_site_ics_route(self, request):
        from ..meetings import views

        return views.site_calendar(request, self)
