"""One entry point for every public channel: ``page.public_contributions()``.

A consultation that hides its answers until it closes must hide them everywhere: the report
route, the page's search text, contract citations and e-mails, not only on its results page.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.models import (
    CommitmentSource,
    Contribution,
    ContributionStatus,
    Stakeholder,
)
from wagtail_medborgardialog.models.contributions import is_public

S = ContributionStatus
pytestmark = pytest.mark.usefixtures("run_on_commit")
ANSWER = "Ängen ska bli kvar som den är"


@pytest.fixture
def hidden(process):
    """An open consultation that shows its answers only when it has closed."""
    page = factories.make_consultation(process, hide_results_until_closed=True)
    contribution = factories.add_response(
        page, {"Vad tycker du om förslaget?": ANSWER}, text=ANSWER
    )
    return page, contribution


def close(page):
    page.closes_at = timezone.now() - timedelta(minutes=1)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def test_hidden_answers_are_not_public_until_the_consultation_closes(hidden):
    page, contribution = hidden
    assert list(page.public_contributions()) == []
    assert not Contribution.objects.public().exists()
    assert not is_public(contribution)

    page = close(page)
    assert list(page.public_contributions()) == [contribution]
    assert list(Contribution.objects.public()) == [contribution]
    assert is_public(contribution)


def test_report_route_answers_404_for_a_hidden_answer(client, hidden):
    page, contribution = hidden
    url = page.url + f"anmal/{contribution.pk}/"
    response = client.get(url)
    assert response.status_code == 404
    assert ANSWER not in response.text
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert not contribution.reports.exists()
    with pytest.raises(moderation.InvalidTransition):
        moderation.report(contribution, ip_hash="abc")

    close(page)
    assert client.get(url).status_code == 200


def test_search_text_holds_no_hidden_answers(hidden):
    page, _ = hidden
    assert ANSWER not in page.contributions_search_text()
    assert ANSWER in close(page).contributions_search_text()


def test_contract_cannot_cite_a_hidden_answer(client, hidden, contract):
    page, contribution = hidden
    municipality = Stakeholder.objects.create(name="Exempelkommun", kind="municipal_body")
    factories.add_party(contract, municipality)
    commitment = factories.add_commitment(contract, municipality, text="Ängen sparas.")
    with pytest.raises(ValidationError) as error:
        CommitmentSource(commitment=commitment, contribution=contribution).full_clean()
    assert "contribution" in error.value.message_dict

    # A citation made some other way is still not shown on the public contract page.
    CommitmentSource.objects.create(commitment=commitment, contribution=contribution)
    assert ANSWER not in client.get(contract.url).text
    assert client.get(contract.url + "data/").json()["commitments"][0]["cited_contributions"] == []


def test_published_e_mail_waits_while_the_answer_is_hidden(process, moderator_user):
    page = factories.make_consultation(process, hide_results_until_closed=True)
    contribution = factories.add_response(
        page, {"Vad tycker du om förslaget?": ANSWER}, status=S.PENDING, notify_author=True
    )
    moderation.approve(contribution, moderator_user)
    assert mail.outbox == []


def test_the_count_of_hidden_answers_is_still_shown(client, hidden):
    page, _ = hidden
    html = client.get(page.url + "resultat/").text
    assert "1 publicerat svar." in html
    assert ANSWER not in html


@pytest.fixture
def moderator_user(process):
    return factories.make_moderator("moderator", process)


@pytest.mark.parametrize("query", ["search=%00", "search=park%00", "title=%00", "fields=%00"])
def test_api_refuses_nul_characters_with_400(client, process, query):
    response = client.get("/api/v2/pages/?" + query)
    assert response.status_code == 400
    assert "NUL" in response.json()["message"]


def test_api_search_still_works(client, process):
    response = client.get("/api/v2/pages/", {"search": "parken"})
    assert response.status_code == 200
    assert process.pk in [item["id"] for item in response.json()["items"]]
