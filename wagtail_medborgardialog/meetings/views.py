"""Public views behind MeetingRoutesMixin's routes: thin, they validate and call
registrations.py."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from .. import antispam, identity
from ..conf import get_setting
from ..models.meetings import Meeting, RegistrationState, RegistrationStatus
from ..privacy.network import client_ip, hash_ip
from . import registrations
from .calendar import render_meetings
from .forms import NEUTRAL_SPAM_MESSAGE, RegistrationForm

TEMPLATE_DIR = "wagtail_medborgardialog/meetings/"
# How far back the calendar feeds reach: past meetings stay in people's calendars a while.
FEED_DAYS_BACK = 90


def meeting_path(meeting):
    """The meeting's sub-route on its page (every plugin page has the same routes)."""
    return meeting.page.specific_class.get_resolver().reverse("meeting_detail", meeting.pk)


def meeting_url(meeting, request=None):
    """The meeting's address on its page: relative for ``request``'s site, else absolute."""
    from ..links import absolute_url

    if request is None:
        return absolute_url(meeting.page, suffix=meeting_path(meeting))
    page_url = meeting.page.get_url(request)
    return page_url + meeting_path(meeting) if page_url is not None else ""


def _context(page, request, **extra):
    return {
        "page": page,
        "self": page,
        "request": request,
        "base_template": get_setting("BASE_TEMPLATE"),
        "medborgardialog_include_css": get_setting("INCLUDE_CSS"),
        **extra,
    }


def _render(page, request, name, status=200, **extra):
    return TemplateResponse(
        request, TEMPLATE_DIR + name, _context(page, request, **extra), status=status
    )


def _meeting_of(page, meeting_id):
    meeting = Meeting.objects.filter(pk=meeting_id, page_id=page.pk).first()
    if meeting is None:
        raise Http404
    return meeting


def closed_message(meeting, state):
    if state == RegistrationState.NOT_YET:
        return _("Intresseanmälan opens later.")
    if state == RegistrationState.PAST:
        return _("The meeting has taken place.")
    return _("Intresseanmälan är stängd")


def meeting_detail(request, page, meeting_id):
    """The meeting, its registration form, and after it its minutes."""
    meeting = _meeting_of(page, meeting_id)
    state = meeting.registration_state()
    if request.method == "POST":
        return _register(request, page, meeting, state)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = RegistrationForm.blank() if state == RegistrationState.OPEN else None
    return _detail(request, page, meeting, state, form, sent=request.GET.get("sent") == "1")


def _detail(request, page, meeting, state, form, status=200, sent=False):
    free = registrations.free_places(meeting) if meeting.capacity is not None else None
    return _render(
        page,
        request,
        "meeting.html",
        status=status,
        meeting=meeting,
        registration_state=state,
        registration_open=state == RegistrationState.OPEN,
        closed_message=closed_message(meeting, state),
        free_places=free,
        form=form,
        sent=sent,
        show_minutes=meeting.has_taken_place() and bool(meeting.minutes),
    )


def _register(request, page, meeting, state):
    if state != RegistrationState.OPEN:
        return _detail(request, page, meeting, state, None, status=403)
    form = RegistrationForm(request.POST)
    status = 400
    if form.is_valid() and not antispam.within_rate_limits(
        hash_ip(client_ip(request)), form.cleaned_data["email"]
    ):
        # The same limits as contributions: no flood of confirmation e-mails to one address.
        form.add_error(None, ValidationError(NEUTRAL_SPAM_MESSAGE, code="rate_limit"))
        status = 429
    if form.errors:
        data = request.POST.copy()
        data["form_ts"] = antispam.make_timestamp()
        form.data = data
        return _detail(request, page, meeting, state, form.describe_widgets(), status=status)
    try:
        registrations.register(
            meeting,
            name=form.cleaned_data["name"],
            language=page.content_language(),
            **{k: v for k, v in form.details().items() if k != "name"},
        )
    except registrations.RegistrationClosed:
        meeting.refresh_from_db()
        return _detail(request, page, meeting, meeting.registration_state(), None, status=403)
    return HttpResponseRedirect(meeting_url(meeting, request) + "?sent=1#mbd-meeting-status")


def meeting_link(request, page, token, action):
    """A personal link: confirm (double opt-in) or cancel. GET shows a button, POST acts: a
    link scanner opening the e-mail changes nothing."""
    purpose = registrations.CONFIRM if action == "confirm" else registrations.CANCEL
    try:
        registration = registrations.read_token(token, purpose)
    except identity.InvalidLink:
        return _render(page, request, "link_invalid.html", status=404)
    if registration.meeting.page_id != page.pk:
        raise Http404
    meeting = registration.meeting
    if request.method == "POST":
        if action == "confirm":
            registration = registrations.confirm(registration)
        else:
            registration = registrations.cancel(registration)
        return _render(
            page,
            request,
            "registration_status.html",
            meeting=meeting,
            registration=registration,
            meeting_link=meeting_url(meeting, request),
            cancel_url=cancel_url(registration, request),
        )
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    done = (action == "confirm" and registration.status != RegistrationStatus.UNCONFIRMED) or (
        action == "cancel" and registration.status == RegistrationStatus.CANCELLED
    )
    return _render(
        page,
        request,
        "registration_status.html" if done else f"{action}.html",
        meeting=meeting,
        registration=registration,
        meeting_link=meeting_url(meeting, request),
        cancel_url=cancel_url(registration, request),
    )


def link_url(registration, route, token, request=None):
    from ..links import absolute_url

    page = registration.meeting.page
    suffix = page.specific_class.get_resolver().reverse(route, token)
    if request is not None:
        return request.build_absolute_uri(page.get_url(request) + suffix)
    return absolute_url(page, suffix=suffix)


def confirm_url(registration, request=None):
    return link_url(
        registration, "meeting_confirm", registrations.confirm_token(registration), request
    )


def cancel_url(registration, request=None):
    return link_url(
        registration, "meeting_cancel", registrations.cancel_token(registration), request
    )


# --- calendars ------------------------------------------------------------------------------


def _feed(request, name, meetings, filename):
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    meetings = list(meetings.public().filter(ends_at__gte=since).select_related("page"))
    urls = {m.pk: request.build_absolute_uri(meeting_url(m, request)) for m in meetings}
    response = HttpResponse(
        render_meetings(name, meetings, urls), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def page_calendar(request, page):
    """The meetings of ``page`` and the pages below it."""
    return _feed(request, page.title, Meeting.objects.below(page), f"{page.slug}.ics")


def site_calendar(request, page):
    """Every meeting of the site that serves ``page``."""
    site = Site.find_for_request(request) or page.get_site()
    root = site.root_page if site else page
    return _feed(request, site.site_name or root.title, Meeting.objects.below(root), "meetings.ics")
