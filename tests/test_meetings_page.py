"""The meeting page: a meeting that belongs to no dialogue (an open information meeting). Its
meeting is an ordinary ``Meeting`` row on the page, so registration, confirmation, cancelling,
the calendars and "Kommande möten" are the ones every page has; here they are walked through
over HTTP on the meeting page, and a process leader creates one in the admin."""

import re

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.meeting_helpers import make_meeting
from tests.test_contract_admin_scope import make_user
from tests.test_meetings_page_creation import add_url, inline
from tests.test_meetings_public import form_data, link_from
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import (
    MeetingPage,
    Registration,
    RegistrationStatus,
)

S = RegistrationStatus

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("run_on_commit", "fast_forms"),
]


@pytest.fixture
def meeting_page(index):
    return factories.add_page(
        index,
        MeetingPage,
        title="Informationsmöte om nya skolan",
        slug="informationsmote",
        intro="<p>Kom och hör hur skolan byggs.</p>",
    )


def test_a_citizen_finds_registers_confirms_and_cancels_on_the_meeting_page(client, meeting_page):
    meeting = make_meeting(meeting_page, title="Informationsmöte i aulan", capacity=40)

    html = client.get(meeting_page.url).content.decode()
    assert "Kom och hör hur skolan byggs." in html
    assert "Informationsmöte i aulan" in html
    assert "40 places left" in html or "40 platser kvar" in html
    detail = re.search(rf'href="([^"]*/moten/{meeting.pk}/)#mbd-meeting-status"', html).group(1)
    assert detail == meeting_page.url + meeting_page.reverse_subpage(
        "meeting_detail", args=[meeting.pk]
    )

    response = client.post(detail, form_data(client, detail))
    assert response.status_code == 302
    registration = Registration.objects.get(email="kim@example.se")
    assert registration.meeting_id == meeting.pk
    assert registration.status == S.UNCONFIRMED

    confirm_link = link_from(mail.outbox[-1])
    assert "/informationsmote/moten/bekrafta/" in confirm_link
    client.post(confirm_link)
    assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED
    confirmation = mail.outbox[-1]
    assert confirmation.attachments, "the confirmation carries the iCalendar invitation"
    assert "39 places left" in client.get(meeting_page.url).content.decode() or (
        "39 platser kvar" in client.get(meeting_page.url).content.decode()
    )

    client.post(link_from(confirmation))
    assert Registration.objects.get(pk=registration.pk).status == S.CANCELLED


def test_the_meeting_page_is_in_the_site_feed_and_kommande_moten(client, index, meeting_page):
    meeting = make_meeting(meeting_page, title="Informationsmöte i aulan")
    make_meeting(meeting_page, title="Förra årets möte", days=-400)

    assert "Informationsmöte i aulan" in client.get(index.url).content.decode()
    feed = client.get(index.url + index.reverse_subpage("meetings_site_ics"))
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Informationsmöte i aulan"]
    assert events[0].decoded("dtstart") == meeting.starts_at
    page_feed = client.get(meeting_page.url + meeting_page.reverse_subpage("meetings_ics"))
    assert len(icalendar.Calendar.from_ical(page_feed.content).walk("VEVENT")) == 1


def test_a_closed_registration_says_so_on_the_page(client, meeting_page):
    make_meeting(meeting_page, title="Stängt möte", registration_closed=True)
    make_meeting(meeting_page, title="Öppet hus", registration_enabled=False)

    html = client.get(meeting_page.url).content.decode()

    assert "Stängt möte" in html
    assert "Read more about the meeting and its registration" in html or (
        "Läs mer om mötet och anmälan" in html
    )
    assert "No registration: just come." in html or "Ingen anmälan: kom bara." in html


def test_a_process_leader_creates_a_meeting_page_and_its_meeting(client, index):
    workflows.setup_defaults()
    leader = make_user("processledare", Group.objects.get(name=workflows.PROCESS_LEADERS))
    client.force_login(leader)
    chooser = client.get(reverse("wagtailadmin_pages:add_subpage", args=[index.pk]))
    assert add_url("meetingpage", index) in chooser.content.decode()

    response = client.post(
        add_url("meetingpage", index),
        {
            "title": "Informationsmöte om nya skolan",
            "slug": "informationsmote",
            "intro": '{"blocks": [], "entityMap": {}}',
            **inline("comments"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = MeetingPage.objects.get(slug="informationsmote")
    assert page.get_parent().pk == index.pk

    # The meeting itself is added under Meetings, on this page.
    add = client.get(reverse("medborgardialog_meetings:add")).content.decode()
    assert f'value="{page.pk}"' in add
