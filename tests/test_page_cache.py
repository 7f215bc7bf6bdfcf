"""The whole page a visitor without cookies gets is answered from the cache
(``caching.cached_page``) until something it shows changes, and every change shows at once."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from tests import factories
from tests.meeting_helpers import make_meeting, register
from wagtail_medborgardialog import antispam
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.models import ContributionStatus, StepStatus

pytestmark = pytest.mark.usefixtures("run_on_commit")


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def kept(response):
    """Whether the response came from the kept page: nothing was rendered for it."""
    return not response.templates


def text(response):
    return response.content.decode()


def test_a_second_anonymous_visit_gets_the_kept_page_with_public_headers(client, process):
    factories.make_contribution(process, text="Fler bänkar vid dammen.")
    first = get(client, process.url)
    second = get(client, process.url)
    assert not kept(first) and kept(second)
    assert "Fler bänkar vid dammen." in text(second)
    assert second["Cache-Control"] == first["Cache-Control"]
    assert "public" in second["Cache-Control"]
    assert not second.cookies and "Cookie" not in second.get("Vary", "")
    assert second["Content-Language"] == first["Content-Language"] == "sv"
    strip = lambda html: re.sub(r'name="form_ts" value="[^"]*"', "", html)  # noqa: E731
    assert strip(text(first)) == strip(text(second))


def test_the_kept_page_carries_the_fill_time_of_its_own_answer(client, process, monkeypatch):
    monkeypatch.setattr(antispam, "clock", lambda: 1_800_000_000)
    first = text(get(client, process.url))
    monkeypatch.setattr(antispam, "clock", lambda: 1_800_000_100)
    second = get(client, process.url)
    assert kept(second)
    assert antispam.make_timestamp(now=1_800_000_000) in first
    assert antispam.make_timestamp(now=1_800_000_100) in text(second)
    assert antispam.make_timestamp(now=1_800_000_000) not in text(second)


def test_a_visitor_with_a_session_is_never_answered_from_the_kept_page(client, process):
    get(client, process.url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "an-editors-session"
    response = get(client, process.url)
    assert not kept(response)
    assert "public" not in response["Cache-Control"]


def test_other_addresses_are_kept_apart(client, process):
    for n in range(25):
        factories.make_contribution(process, text=f"Synpunkt nummer {n}.")
    get(client, process.url)
    second_page = get(client, process.url, synpunkter=2)
    assert not kept(second_page)
    assert "Synpunkt nummer 0." in text(second_page)
    assert "Synpunkt nummer 24." not in text(second_page)


def test_setting_zero_renders_every_request(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_PAGE_CACHE_SECONDS = 0
    get(client, process.url)
    assert not kept(get(client, process.url))


def test_a_moderation_step_shows_at_once(client, process):
    moderator = factories.make_moderator("moderator", process)
    contribution = factories.make_contribution(
        process, text="Belysning på gångbron.", status=ContributionStatus.PENDING
    )
    get(client, process.url)
    assert "Belysning på gångbron." not in text(get(client, process.url))
    moderation.approve(contribution, moderator)
    assert "Belysning på gångbron." in text(get(client, process.url))


def test_a_confirmed_registration_shows_at_once_on_the_page_and_the_pages_above(
    client, index, process
):
    meeting = make_meeting(process, capacity=3)
    for page in (process, index):
        get(client, page.url)
        assert "3 platser kvar" in text(get(client, page.url))
    register(meeting, 1)
    for page in (process, index):
        assert "2 platser kvar" in text(get(client, page.url))
    # An unconfirmed registration holds no place and leaves the kept pages as they are.
    register(meeting, 2, confirm=False)
    assert kept(get(client, process.url))


def test_the_list_of_meetings_moves_on_when_its_first_meeting_ends(client, process, monkeypatch):
    first = make_meeting(process, days=1, title="Första mötet")
    make_meeting(process, days=2, title="Andra mötet")
    assert "Första mötet" in text(get(client, process.url))
    later = first.ends_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = text(get(client, process.url))
    assert "Första mötet" not in html and "Andra mötet" in html


def test_the_input_window_closing_at_its_time_shows_at_once(client, process, monkeypatch):
    closes = timezone.now() + datetime.timedelta(hours=1)
    process.closes_at = closes
    process.save_revision().publish()
    assert 'id="mbd-contribution-form"' in text(get(client, process.url))
    monkeypatch.setattr(timezone, "now", lambda: closes + datetime.timedelta(seconds=1))
    assert 'id="mbd-contribution-form"' not in text(get(client, process.url))


def test_the_status_follows_the_calendar(client, index, monkeypatch):
    today = timezone.localdate()
    process = factories.make_process(index, end_date=today)
    get(client, process.url)
    assert "mbd-status--ongoing" in text(get(client, process.url))
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    html = text(get(client, process.url))
    assert "mbd-status--closed" in html and "mbd-status--ongoing" not in html


def test_a_step_saved_on_its_own_shows_at_once_on_the_index(client, index):
    process = factories.make_process_with_steps(
        index, step_statuses=[StepStatus.DONE, StepStatus.ONGOING]
    )
    get(client, index.url, status="ongoing")
    assert process.title in text(get(client, index.url, status="ongoing"))
    for step in process.steps.all():
        step.status = StepStatus.DONE
        step.save()
    assert process.title not in text(get(client, index.url, status="ongoing"))
    assert process.title in text(get(client, index.url, status="closed"))


def test_a_published_title_shows_at_once_on_the_index(client, index, process):
    get(client, index.url)
    process.title = "Den nya stadsparken"
    process.save_revision().publish()
    assert "Den nya stadsparken" in text(get(client, index.url))


def test_the_consultation_results_follow_moderation_at_once(client, index):
    consultation = factories.make_consultation(index, hide_results_until_closed=False)
    moderator = factories.make_moderator("moderator", consultation)
    url = consultation.url + "resultat/"
    get(client, url)
    before = text(get(client, url))
    pending = factories.add_response(
        consultation, {"Vilket alternativ föredrar du?": "Alternativ B"}, status="pending"
    )
    assert text(get(client, url)) == before
    moderation.approve(pending, moderator)
    assert text(get(client, url)) != before
    assert "1 publicerat svar." in text(get(client, url))


@pytest.fixture
def meeting_page(index):
    from wagtail_medborgardialog.models import MeetingPage

    return factories.add_page(index, MeetingPage, title="Informationsmöte", slug="info")


def test_the_meeting_page_is_kept_and_its_places_left_show_at_once(client, meeting_page):
    meeting = make_meeting(meeting_page, capacity=3)
    get(client, meeting_page.url)
    second = get(client, meeting_page.url)
    assert kept(second) and "3 platser kvar" in text(second)
    register(meeting, 1)
    assert "2 platser kvar" in text(get(client, meeting_page.url))


def test_the_meeting_page_follows_its_registration_closing_by_date(
    client, meeting_page, monkeypatch
):
    closes = timezone.now() + datetime.timedelta(hours=1)
    make_meeting(meeting_page, capacity=3, registration_closes_at=closes)
    get(client, meeting_page.url)
    assert "3 platser kvar" in text(get(client, meeting_page.url))
    monkeypatch.setattr(timezone, "now", lambda: closes + datetime.timedelta(seconds=1))
    response = get(client, meeting_page.url)
    assert not kept(response)
    assert "3 platser kvar" not in text(response)
