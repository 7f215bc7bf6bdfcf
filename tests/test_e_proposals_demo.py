"""The demo shows e-förslag: an index with a proposal in every status."""

from tests.e_proposal_helpers import sv
from wagtail_medborgardialog.models import EProposal, EProposalIndexPage, EProposalStatus

S = EProposalStatus


def test_the_demo_has_an_e_proposal_index_with_every_status(client, demo):
    index = EProposalIndexPage.objects.get(slug="e-forslag")
    statuses = set(EProposal.objects.filter(page=index).values_list("status", flat=True))
    assert statuses == set(S.values)
    html = client.get(index.url).content.decode()
    assert "Fler sittbänkar längs Norrbyån" in html
    assert "Pulkabacke" not in html  # unconfirmed
    answered = EProposal.objects.get(page=index, status=S.ANSWERED)
    assert "40 nya cykelställ" in client.get(f"{index.url}{answered.pk}/").content.decode()


def test_the_demo_proposals_dates_follow_each_other(demo):
    from django.utils import timezone

    today = timezone.localdate()
    for proposal in EProposal.objects.select_related("referral", "answer"):
        if proposal.opened_at:
            assert proposal.created_at < proposal.opened_at
        if proposal.signing_skipped:  # a national minority language: passed at screening
            assert proposal.created_at < proposal.screened_at == proposal.passed_at
            assert proposal.opened_at is None and proposal.signature_count == 0
        elif proposal.passed_at:
            assert proposal.opened_at < proposal.passed_at < proposal.window_ends_at
        if proposal.referral:
            assert proposal.passed_at.date() < proposal.referral.decision_date <= today
        if proposal.answer:
            assert proposal.referral.decision_date < proposal.answer.decision_date <= today


def test_the_demo_has_a_finnish_proposal_referred_without_signing(client, demo):
    index = EProposalIndexPage.objects.get(slug="e-forslag")
    proposal = EProposal.objects.get(page=index, text_language="fi")
    assert proposal.status == S.REFERRED and proposal.signing_skipped
    assert proposal.answer_due == index.answer_due(proposal.screened_at.date())
    assert not proposal.signatures.exists()
    html = client.get(f"{index.url}{proposal.pk}/").content.decode()
    assert '<div class="mbd-ep-text" lang="fi">' in html
    assert sv("Why there is no signing") in html
