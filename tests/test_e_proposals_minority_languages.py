"""Proposals in a national minority language skip signing (the index's rule, on by default):
accepted at screening they pass at once and the answer clock starts. Over HTTP, as a citizen
and as a user of the Moderatorer group that medborgardialog_setup creates."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from tests import test_e_proposals_journeys as journeys
from tests.e_proposal_helpers import make_proposal, sign, sv
from tests.test_e_proposals_journeys import admin_url, link, proposal_form
from wagtail_medborgardialog.e_proposals import status
from wagtail_medborgardialog.models import EProposal, EProposalStatus, Signature
from wagtail_medborgardialog.models.e_proposals import add_months

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_forms", "run_on_commit")]
S = EProposalStatus
# The index, its moderator and another site's moderator, as in the journeys.
index, moderator, other_moderator = journeys.index, journeys.moderator, journeys.other_moderator
MEANKIELI = {
    "title": "Meänkieliset kyltit kirjastoon",
    "proposal": "Kunta laittaa meänkieliset kyltit kirjastoon ja uimahallhiin.",
    "language": "fit",
}


def propose_and_confirm(client, index, **fields):
    """A citizen sends the form in two steps and follows the link in the e-mail."""
    data = proposal_form(client, index, **fields)
    html = client.post(index.url + "nytt/", data).content.decode()
    second = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    client.post(index.url + "nytt/", second)
    client.post(link(mail.outbox[-1], "bekrafta"))
    return EProposal.objects.get(title=fields["title"])


def test_the_form_offers_the_language_with_a_label_swedish_first(client, index):
    html = client.get(index.url + "nytt/").content.decode()
    assert '<label for="id_language"' in html
    assert sv("Language of your proposal") in html
    assert '<option value="sv" selected>' in html
    assert '<option value="fit">meänkieli</option>' in html
    assert 'aria-describedby="id_language-help' in html
    # The rules say it too.
    assert (
        sv(
            "A proposal written in a national minority language (Finnish, Meänkieli, a Sami "
            "language, Romani chib or Yiddish) does not collect signatures: once accepted at "
            "screening, it goes straight to the council or a committee for decision."
        )
        in html
    )


def test_an_unknown_language_keeps_the_text_and_says_so_by_the_field(client, index):
    data = proposal_form(client, index, language="xx")
    response = client.post(index.url + "nytt/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_language-error"' in html
    assert "Sätt upp fler bänkar längs gångvägen." in html
    assert EProposal.objects.count() == 0


def test_a_meankieli_proposal_goes_straight_to_referral_and_says_why(client, index, moderator):
    proposal = propose_and_confirm(client, index, **MEANKIELI)
    assert proposal.status == S.SCREENING and proposal.text_language == "fit"
    client.force_login(moderator)
    html = client.get(admin_url("e_proposal", proposal.pk)).content.decode()
    assert 'id="ep-minority-note"' in html
    assert sv("Accept and send to referral") in html
    response = client.post(admin_url("e_proposal_action", proposal.pk, "publish"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    today = timezone.localdate()
    assert proposal.status == S.PASSED and proposal.signing_skipped
    assert proposal.opened_at is None and proposal.window_ends_at is None
    assert proposal.screened_at == proposal.passed_at
    assert proposal.answer_due == add_months(today, index.answer_deadline_months)
    # The proposer is told, in the e-mail's words.
    message = mail.outbox[-1]
    assert message.to == ["anna@example.se"]
    assert "meänkieli" in message.body.lower() and sv("News about your proposal") in message.subject
    # The public page: why there is no signing, the text marked with its language, no form.
    client.logout()
    page_url = f"{index.url}{proposal.pk}/"
    html = client.get(page_url).content.decode()
    assert sv("Why there is no signing") in html
    assert '<h1 id="mbd-ep-title" lang="fit">' in html
    assert '<div class="mbd-ep-text" lang="fit">' in html
    assert "<meter" not in html and 'name="email"' not in html
    listing = client.get(index.url).content.decode()
    assert sv("No signing: national minority language") in listing
    # Nobody can sign it, also by posting the form.
    response = client.post(page_url, {"email": "berit@example.se", "declares_connection": "on"})
    assert response.status_code == 409
    with pytest.raises(status.SigningClosed):
        sign(proposal, "berit@example.se")
    assert Signature.objects.count() == 0
    # It owes an answer from the screening: the report lists it, the referral follows.
    client.force_login(moderator)
    assert proposal.title in client.get(admin_url("e_proposals_report")).content.decode()
    decision = {
        "decided_text": "Överlämnas till kultur- och fritidsnämnden.",
        "deciding_body": "Kommunfullmäktige",
        "decision_date": today.isoformat(),
        "case_number": "KS 2026/31",
        "minutes_paragraph": "8",
    }
    client.post(admin_url("e_proposal_action", proposal.pk, "refer"), decision)
    assert EProposal.objects.get(pk=proposal.pk).status == S.REFERRED


def test_with_the_rule_off_a_minority_language_proposal_collects_signatures(
    client, index, moderator
):
    index.minority_languages_skip_signing = False
    index.save_revision().publish()
    proposal = propose_and_confirm(client, index, **MEANKIELI)
    client.force_login(moderator)
    html = client.get(admin_url("e_proposal", proposal.pk)).content.decode()
    assert 'id="ep-minority-note"' not in html
    client.post(admin_url("e_proposal_action", proposal.pk, "publish"))
    proposal.refresh_from_db()
    assert proposal.status == S.OPEN and not proposal.signing_skipped
    assert proposal.threshold == 3 and proposal.answer_due is None
    client.logout()
    html = client.get(f"{index.url}{proposal.pk}/").content.decode()
    assert "<meter" in html and sv("Why there is no signing") not in html


def test_a_swedish_proposal_still_opens_for_signing(index):
    proposal = make_proposal(index)
    status.confirm(proposal)
    status.publish(proposal, None)
    assert proposal.status == S.OPEN and not proposal.signing_skipped


def test_refusing_a_minority_language_proposal_still_works(client, index, moderator):
    proposal = make_proposal(index, text_language="se")
    status.confirm(proposal)
    client.force_login(moderator)
    criterion = index.screening_criteria.first()
    client.post(
        admin_url("e_proposal_action", proposal.pk, "refuse"),
        {"criterion": criterion.pk, "reason": "Gäller ett enskilt ärende."},
    )
    assert EProposal.objects.get(pk=proposal.pk).status == S.REFUSED


def test_another_sites_moderator_cannot_accept_it(client, index, other_moderator):
    proposal = make_proposal(index, text_language="fi")
    status.confirm(proposal)
    client.force_login(other_moderator)
    assert client.post(admin_url("e_proposal_action", proposal.pk, "publish")).status_code == 404
    assert EProposal.objects.get(pk=proposal.pk).status == S.SCREENING
