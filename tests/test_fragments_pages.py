"""The cached parts of the contract, meeting, budget result and page feedback: a second view
comes from the cache, and every change they show is seen on the next view."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.meeting_helpers import make_meeting, register
from tests.test_budgets_follow_up import counted  # noqa: F401 - a fixture
from wagtail_medborgardialog.contracts.follow_up import record_update
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.meetings import registrations
from wagtail_medborgardialog.models import CommitmentSource, Contribution, MeetingPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


def get(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def reads(queries, table):
    return sum(f'"wagtail_medborgardialog_{table}"' in sql for sql in queries)


def text(html):
    """The page's words, without tags and runs of white space."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- the community contract ------------------------------------------------------------------


@pytest.fixture
def contract(process):
    contract = factories.make_contract(process)
    party = factories.make_stakeholder("Exempelkommun", "municipal_body")
    factories.add_party(contract, party)
    commitment = factories.add_commitment(
        contract, party, text="Belysning längs gångvägen", goals=[11]
    )
    return contract, commitment


def test_a_second_view_of_a_contract_reads_no_commitments(client, contract):
    page, _ = contract
    first, first_queries = get(client, page.url)
    second, second_queries = get(client, page.url)
    assert "Belysning längs gångvägen" in second
    assert reads(first_queries, "commitment") and not reads(second_queries, "commitment")
    assert not reads(second_queries, "contractparty")
    assert first == second


def test_a_follow_up_update_shows_on_the_contract_at_once(client, contract):
    page, commitment = contract
    assert "Planerad" in text(get(client, page.url)[0])
    record_update(
        commitment,
        date=datetime.date(2026, 5, 4),
        reported_by="Parkenheten",
        change="Tio lampor är uppsatta.",
        status="ongoing",
        progress=40,
    )
    html = text(get(client, page.url)[0])
    assert "Tio lampor är uppsatta." in html
    assert "40 %" in html


def test_a_new_commitment_and_a_changed_party_show_at_once(client, contract):
    page, commitment = contract
    get(client, page.url)
    factories.add_commitment(page, commitment.responsible, text="Läxhjälp varje vecka")
    commitment.responsible.name = "Exempelkommun, fritidsförvaltningen"
    commitment.responsible.save()
    html = get(client, page.url)[0]
    assert "Läxhjälp varje vecka" in html
    assert "Exempelkommun, fritidsförvaltningen" in html


def test_the_filtered_and_the_whole_list_are_cached_apart(client, contract):
    page, commitment = contract
    factories.add_commitment(page, commitment.responsible, text="Läxhjälp varje vecka", goals=[4])
    whole = get(client, page.url)[0]
    filtered = get(client, page.url, goal="4")[0]
    assert "Belysning längs gångvägen" in whole and "Läxhjälp varje vecka" in whole
    assert "Läxhjälp varje vecka" in filtered
    assert "Belysning längs gångvägen" not in filtered
    assert "Belysning längs gångvägen" in get(client, page.url)[0]


def test_a_cited_contribution_unpublished_on_its_own_page_leaves_the_contract_at_once(
    client, process, contract
):
    page, commitment = contract
    moderator = factories.make_moderator("moderator", process)
    contribution = factories.make_contribution(process, text="Det är mörkt vid ån.")
    CommitmentSource.objects.create(commitment=commitment, contribution=contribution)
    assert "Det är mörkt vid ån." in get(client, page.url)[0]
    # A moderation step changes the row with update(): no save signal, only the process
    # page's generation, which the contract's cached part varies on.
    moderation.unpublish(Contribution.objects.get(pk=contribution.pk), moderator, "Fel sida")
    assert "Det är mörkt vid ån." not in get(client, page.url)[0]


def test_a_cited_contribution_redacted_shows_redacted_on_the_contract_at_once(
    client, process, contract
):
    page, commitment = contract
    moderator = factories.make_moderator("moderator", process)
    contribution = factories.make_contribution(process, text="Ring Karin på 070-1234567.")
    CommitmentSource.objects.create(commitment=commitment, contribution=contribution)
    assert "070-1234567" in get(client, page.url)[0]
    moderation.redact(contribution, moderator, remove="070-1234567")
    assert "070-1234567" not in get(client, page.url)[0]


def test_a_meeting_added_to_the_contract_shows_at_once(client, contract):
    page, _ = contract
    html, queries = get(client, page.url)
    assert "Upcoming meetings" not in html and "Kommande möten" not in html
    # Known to have no meetings: no query for them on the next view.
    assert not reads(get(client, page.url)[1], "meeting")
    make_meeting(page, title="Trygghetsvandring i Norrby")
    assert "Trygghetsvandring i Norrby" in get(client, page.url)[0]


# --- the meeting page and a meeting -------------------------------------------------------


@pytest.fixture
def meeting_page(home):
    index = factories.make_index(home)
    page = factories.add_page(
        index,
        MeetingPage,
        title="Informationsmöte om skolan",
        slug="informationsmote",
    )
    meeting = make_meeting(page, title="Kvällsmöte om skolan", capacity=3)
    return page, meeting


def test_the_meeting_page_shows_a_registration_in_the_places_left_at_once(client, meeting_page):
    page, meeting = meeting_page
    assert "3 places left" in text(get(client, page.url)[0]) or "3 platser kvar" in text(
        get(client, page.url)[0]
    )
    register(meeting, 1)
    html = text(get(client, page.url)[0])
    assert "2 places left" in html or "2 platser kvar" in html
    register(meeting, 2)
    register(meeting, 3)
    html = text(get(client, page.url)[0])
    assert "Fully booked" in html or "Fullbokat" in html


def test_a_cancellation_frees_a_place_on_the_meeting_page_at_once(client, meeting_page):
    page, meeting = meeting_page
    first = register(meeting, 1)
    html = text(get(client, page.url)[0])
    assert "2 places left" in html or "2 platser kvar" in html
    registrations.cancel(first)
    html = text(get(client, page.url)[0])
    assert "3 places left" in html or "3 platser kvar" in html


def test_a_changed_meeting_shows_on_its_page_and_its_own_address_at_once(client, meeting_page):
    page, meeting = meeting_page
    detail = page.url + page.reverse_subpage("meeting_detail", args=[meeting.pk])
    get(client, page.url)
    get(client, detail)
    meeting.place = "Aulan, Norrbyskolan"
    meeting.save()
    assert "Aulan, Norrbyskolan" in get(client, page.url)[0]
    assert "Aulan, Norrbyskolan" in get(client, detail)[0]


def test_a_meeting_that_has_ended_moves_to_earlier_meetings_at_once(client, meeting_page):
    page, meeting = meeting_page
    assert "Earlier meetings" not in text(get(client, page.url)[0])
    assert "Tidigare möten" not in text(get(client, page.url)[0])
    # Time passes: no row is saved, yet the meeting is no longer coming.
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - datetime.timedelta(days=20),
        ends_at=meeting.ends_at - datetime.timedelta(days=20),
    )
    html = text(get(client, page.url)[0])
    assert "Earlier meetings" in html or "Tidigare möten" in html


def test_the_meeting_form_keeps_each_views_places_left_and_fill_time(client, meeting_page):
    page, meeting = meeting_page
    detail = page.url + page.reverse_subpage("meeting_detail", args=[meeting.pk])
    first, _ = get(client, detail)
    register(meeting, 1)
    second, _ = get(client, detail)
    assert 'name="email"' in second and 'name="form_ts"' in second
    assert ("3 places left" in text(first)) or ("3 platser kvar" in text(first))
    assert ("2 places left" in text(second)) or ("2 platser kvar" in text(second))


def test_a_meeting_form_sent_back_with_errors_keeps_the_text(client, meeting_page):
    page, meeting = meeting_page
    detail = page.url + page.reverse_subpage("meeting_detail", args=[meeting.pk])
    get(client, detail)
    response = client.post(detail, {"name": "Ada Lind", "email": "inte-en-adress"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Ada Lind"' in html
    assert 'aria-invalid="true"' in html


# --- the budget result --------------------------------------------------------------------


def test_a_new_decision_shows_on_the_budget_result_at_once(client, counted):  # noqa: F811
    page = counted[0]
    factories.record_decision(page)
    first = text(get(client, page.url + "resultat/")[0])
    assert "Kommunstyrelsen" in first
    factories.record_decision(
        page, deciding_body="Kommunfullmäktige", decision_date=datetime.date(2026, 4, 1)
    )
    second = text(get(client, page.url + "resultat/")[0])
    assert "Kommunfullmäktige" in second


def test_a_second_view_of_the_budget_result_reads_no_outcome(client, counted):  # noqa: F811
    page = counted[0]
    factories.record_decision(page)
    first, _ = get(client, page.url + "resultat/")
    second, queries = get(client, page.url + "resultat/")
    assert first == second
    assert not any('"outcome"' in sql for sql in queries)


# --- page feedback ---------------------------------------------------------------------------


def test_page_feedback_sent_back_with_errors_is_not_the_cached_form(client, contract):
    page, _ = contract
    get(client, page.url)
    response = client.post(page.url + "hjalpte-informationen/", {"comment": "Bra sida"})
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Bra sida" in html
    assert 'id="mbd-page-feedback-error-summary"' in html
