"""The smaller findings: messages, dates, headings, a jump link and long texts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.test_consultations import post, response_data
from tests.test_contributions import submit
from wagtail_medborgardialog.models import Contribution, ContributionStatus

S = ContributionStatus
pytestmark = pytest.mark.usefixtures("run_on_commit", "fast_forms")


@pytest.fixture
def moderator_client(client, process):
    """A moderator of the process: a group with page publish permission, not a superuser."""
    client.force_login(factories.make_moderator("moderator", process))
    return client


def test_approve_message_says_the_contribution_was_published(moderator_client, process):
    contribution = factories.make_contribution(process, status=S.PENDING)
    url = reverse(
        "wagtailsnippets_wagtail_medborgardialog_contribution:edit", args=[contribution.pk]
    )
    response = moderator_client.post(url, {"action": "approve"}, follow=True)
    assert "Synpunkten har publicerats." in response.text
    assert "Synpunkten har uppdaterats" not in response.text


def test_official_reply_shows_its_date(client, process):
    replied = timezone.make_aware(timezone.datetime(2026, 3, 4, 10, 0))
    factories.make_contribution(process, reply="Vi tittar på det.", replied_at=replied)
    html = client.get(process.url).text
    assert f'<time datetime="{replied.isoformat()}">4 mars 2026</time>' in html


def test_personnummer_column_reads_ja_or_nej(moderator_client, process):
    factories.make_contribution(process, status=S.PENDING, flagged_personal_number=True)
    factories.make_contribution(process, status=S.PENDING, text="Utan nummer")
    html = moderator_client.get(
        reverse("wagtailsnippets_wagtail_medborgardialog_contribution:list")
    ).text
    assert ">Ja<" in html.replace("\n", "").replace(" ", "")
    assert ">Nej<" in html.replace("\n", "").replace(" ", "")
    assert 'title="True"' not in html and 'title="False"' not in html


def test_thank_you_heading_after_a_consultation_answer(client, process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_DOUBLE_OPT_IN = False
    consultation = factories.make_consultation(process)
    response = post(client, consultation, response_data(consultation))
    html = client.get(response["Location"]).text
    assert "<h1>Tack för ditt svar</h1>" in html


def test_thank_you_heading_after_a_report(client, process):
    contribution = factories.make_contribution(process)
    response = client.post(process.url + f"anmal/{contribution.pk}/", {"reason": "Spam"})
    html = client.get(response["Location"]).text
    assert "<h1>Tack för din anmälan</h1>" in html


def test_thank_you_heading_after_a_contribution(client, process):
    response = submit(client, process)
    assert "<h1>Tack för din synpunkt</h1>" in client.get(response["Location"]).text


def test_past_dates_read_started_and_ended_future_dates_starts_and_ends(client, index):
    today = timezone.localdate()
    past = factories.make_process(
        index,
        slug="forr",
        start_date=today - timedelta(days=400),
        end_date=today - timedelta(days=10),
        feedback="<p>Klart.</p>",
    )
    html = client.get(past.url).text
    assert "Startade" in html and "Slutade" in html
    assert "Startar" not in html and "Slutar" not in html
    future = factories.make_process(
        index,
        slug="sedan",
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=10),
    )
    html = client.get(future.url).text
    assert "Startade" in html and "Slutar" in html


def test_a_jump_link_near_the_top_leads_to_the_comment_form(client, process):
    html = client.get(process.url).text
    link = '<a href="#mbd-contribution-form">Lämna synpunkt</a>'
    assert link in html
    assert html.index(link) < html.index('id="mbd-question-heading"')
    assert 'id="mbd-contribution-form"' in html


def test_no_jump_link_when_the_page_takes_no_input(client, process):
    process.closes_at = timezone.now() - timedelta(days=1)
    process.save_revision().publish()
    assert 'href="#mbd-contribution-form"' not in client.get(process.url).text


def test_a_pasted_long_text_is_not_cut_by_the_browser_and_gets_the_length_error(client, process):
    html = client.get(process.url).text
    textarea = html[html.index('<textarea name="text"') :]
    assert "maxlength" not in textarea[: textarea.index(">")]

    long_text = "ord " * 2750  # 11,000 characters
    response = submit(client, process, text=long_text.strip())
    assert response.status_code == 400
    assert "högst 5000 tecken" in response.text
    assert long_text.strip()[-20:] in response.text  # kept whole, not cut at 5,000
    assert not Contribution.objects.exists()


def test_consultation_free_text_has_no_maxlength_either(client, process):
    consultation = factories.make_consultation(process)
    html = client.get(consultation.url).text
    assert 'maxlength="5000"' not in html
