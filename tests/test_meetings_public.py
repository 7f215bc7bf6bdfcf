"""The public side of meetings over HTTP: Kommande möten, the form, the links, the feeds."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone, translation

from tests.meeting_helpers import make_meeting, register
from wagtail_medborgardialog.meetings import registrations
from wagtail_medborgardialog.models import Registration, RegistrationStatus

S = RegistrationStatus

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("run_on_commit", "fast_forms"),
]


def meeting_url(page, meeting):
    return page.url + page.reverse_subpage("meeting_detail", args=[meeting.pk])


def form_data(client, url, **overrides):
    html = client.get(url).content.decode()
    form_ts = re.search(r'name="form_ts" value="([^"]+)"', html).group(1)
    return {
        "name": "Kim Berg",
        "email": "kim@example.se",
        "organisation": "Norrby IF",
        "role": "Ordförande",
        "needs_food": "Vegetariskt",
        "consent": "on",
        "form_ts": form_ts,
        **overrides,
    }


def link_from(message):
    return re.search(r"https?://\S+/moten/(?:bekrafta|avboka)/\S+/", message.body).group(0)


def test_upcoming_meetings_on_the_page_and_the_index(client, index, process):
    make_meeting(process, title="Workshop om torget", capacity=10)
    make_meeting(process, title="Redan hållet", days=-3)

    for page in (process, index):
        html = client.get(page.url).content.decode()
        assert "Workshop om torget" in html
        assert "Redan hållet" not in html
        assert "10 places left" in html or "10 platser kvar" in html


def test_meeting_page_shows_time_place_and_accessibility(client, process):
    meeting = make_meeting(process, hearing_loop=True, step_free=True)

    html = client.get(meeting_url(process, meeting)).content.decode()

    with translation.override("sv"):
        from wagtail_medborgardialog.meetings.dates import format_span

        when = format_span(meeting.starts_at, meeting.ends_at, "sv")
    assert when in html
    assert "Norrby bibliotek, Torggatan 1" in html
    assert "Hörslinga" in html or "Hearing loop" in html
    assert 'id="mbd-privacy"' in html


def test_register_confirm_cancel_and_the_waiting_list_is_promoted(client, process):
    meeting = make_meeting(process, capacity=1)
    holder = register(meeting, 1)
    url = meeting_url(process, meeting)
    mail.outbox.clear()

    response = client.post(url, form_data(client, url))

    assert response.status_code == 302
    assert "sent=1" in response["Location"]
    registration = Registration.objects.get(email="kim@example.se")
    assert registration.status == S.UNCONFIRMED
    assert registration.needs_food == "Vegetariskt"
    confirm_link = link_from(mail.outbox[-1])

    assert client.get(confirm_link).status_code == 200  # a button, nothing changed
    assert Registration.objects.get(pk=registration.pk).status == S.UNCONFIRMED
    html = client.post(confirm_link).content.decode()
    assert Registration.objects.get(pk=registration.pk).status == S.WAITLISTED
    assert "1" in html and ("waiting list" in html or "väntelista" in html)

    registrations.cancel(holder)

    assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED
    told = mail.outbox[-1]
    assert told.to == ["kim@example.se"]
    cancel_link = link_from(told)
    client.post(cancel_link)
    assert Registration.objects.get(pk=registration.pk).status == S.CANCELLED


def test_errors_by_field_keep_the_text(client, process):
    meeting = make_meeting(process)
    url = meeting_url(process, meeting)

    response = client.post(url, form_data(client, url, email="inte-en-adress", consent=""))

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_email-error"' in html
    assert 'aria-describedby="id_email-error' in html
    assert 'id="id_consent-error"' in html
    assert 'value="Norrby IF"' in html
    assert not Registration.objects.exists()


def test_closed_by_hand_says_so_with_the_contact(client, process):
    meeting = make_meeting(process, registration_closed=True)
    url = meeting_url(process, meeting)

    html = client.get(url).content.decode()
    assert "Intresseanmälan är stängd" in html
    assert "anna.lind@example.se" in html
    assert 'name="email"' not in html

    response = client.post(url, {"name": "X", "email": "x@example.se", "consent": "on"})
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_closed_by_date(client, process):
    meeting = make_meeting(process, registration_closes_at=timezone.now() - timedelta(minutes=1))
    html = client.get(meeting_url(process, meeting)).content.decode()
    assert "Intresseanmälan är stängd" in html


def test_opens_later(client, process):
    meeting = make_meeting(process, registration_opens_at=timezone.now() + timedelta(days=1))
    html = client.get(meeting_url(process, meeting)).content.decode()
    assert 'name="email"' not in html


def test_a_meeting_of_another_page_is_404(client, index, process):
    meeting = make_meeting(process)
    assert client.get(meeting_url(index, meeting)).status_code == 404


def test_forged_link_is_404(client, process):
    make_meeting(process)
    url = process.url + process.reverse_subpage("meeting_confirm", args=["forged-token"])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_minutes_shown_after_the_meeting(client, process):
    meeting = make_meeting(process, days=-2, minutes="<p>Vi pratade om bänkar.</p>", attendance=23)
    html = client.get(meeting_url(process, meeting)).content.decode()
    assert "Vi pratade om bänkar." in html
    assert "23" in html


def test_page_feed_parsed_back(client, index, process):
    meeting = make_meeting(process, title="Workshop, del 1; torget", capacity=5)

    for page, route in ((process, "meetings_ics"), (index, "meetings_site_ics")):
        response = client.get(page.url + page.reverse_subpage(route))
        assert response["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.content)
        (event,) = calendar.walk("VEVENT")
        assert str(event["summary"]) == "Workshop, del 1; torget"
        assert event.decoded("dtstart") == meeting.starts_at
        assert event.decoded("dtend") == meeting.ends_at
        assert str(event["location"]) == "Norrby bibliotek, Torggatan 1"
        assert str(event["url"]).endswith(meeting_url(process, meeting))


def test_invitation_in_the_confirmation_parsed_back(process):
    meeting = make_meeting(process)
    mail.outbox.clear()
    register(meeting, 1)

    (message,) = [m for m in mail.outbox if m.attachments]
    name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["organizer"]) == "mailto:anna.lind@example.se"


def test_upcoming_meetings_on_a_contract_and_a_consultation(client, process):
    from tests import factories

    contract = factories.make_contract(process)
    consultation = factories.make_consultation(process)
    for page in (contract, consultation):
        meeting = make_meeting(page, title=f"Möte om {page.title}")
        html = client.get(page.url).content.decode()
        assert f"Möte om {page.title}" in html
        detail = client.get(meeting_url(page, meeting))
        assert detail.status_code == 200


def test_upcoming_meetings_query_count_is_flat(client, process, assert_flat_queries):
    def grow(n):
        for i in range(n):
            meeting = make_meeting(process, title=f"Möte {i}", capacity=3, days=5 + i)
            for p in range(3):
                Registration.objects.create(
                    meeting=meeting, name="X", email=f"{i}-{p}@example.se", status=S.CONFIRMED
                )

    assert_flat_queries(lambda: client.get(process.url), grow=grow, sizes=(2, 10))


def test_meetings_bench_scenario_queries_are_flat(home, assert_flat_queries):
    from django.test import Client

    from benchmarks import scenarios

    def grow(size):
        probe = scenarios.meetings_page(home, size)
        client = Client()
        return lambda: probe.perform(client)

    assert_flat_queries(grow=grow, sizes=(2, 10))


def test_one_address_cannot_flood_with_confirmation_emails(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_EMAIL = 2
    meeting = make_meeting(process)
    url = meeting_url(process, meeting)
    mail.outbox.clear()

    codes = [client.post(url, form_data(client, url)).status_code for _ in range(3)]

    assert codes == [302, 302, 429]
    assert len(mail.outbox) == 2
    assert Registration.objects.count() == 1


def test_meetings_below_a_restricted_section_stay_out_of_the_site_calendar(client, home, process):
    """A restriction on an ancestor hides a meeting from every list, not only its own page's."""
    from wagtail.models import PageViewRestriction

    from tests import factories

    make_meeting(process, title="Workshop bakom lösenord")
    open_index = factories.make_index(home, title="Öppna dialoger", slug="oppna")
    make_meeting(open_index, title="Öppet möte")
    PageViewRestriction.objects.create(
        page=process.get_parent(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt",
    )

    feed = client.get(open_index.url + open_index.reverse_subpage("meetings_site_ics"))
    titles = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")]
    assert titles == ["Öppet möte"]
    assert "Workshop bakom lösenord" not in client.get(open_index.url).content.decode()
