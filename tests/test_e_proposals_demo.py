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
