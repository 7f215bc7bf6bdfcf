"""The demo shows e-förslag: an index with a proposal in every status."""

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
        if proposal.passed_at:
            assert proposal.opened_at < proposal.passed_at < proposal.window_ends_at
        if proposal.referral:
            assert proposal.passed_at.date() < proposal.referral.decision_date <= today
        if proposal.answer:
            assert proposal.referral.decision_date < proposal.answer.decision_date <= today
