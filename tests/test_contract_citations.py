"""Traceability: a commitment cites the published contributions that led to it."""

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from wagtail_medborgardialog.models import CommitmentSource, ContributionStatus, Stakeholder


@pytest.fixture
def contract(process, contract_model):
    """Citations work on the plugin's page and on a site's own page."""
    return factories.make_contract(process, model=contract_model)


@pytest.fixture
def commitment(contract):
    municipality = Stakeholder.objects.create(name="Exempelkommun", kind="municipal_body")
    factories.add_party(contract, municipality)
    return factories.add_commitment(contract, municipality, text="Vi sätter upp belysning.")


def test_the_contract_page_quotes_the_cited_contribution_and_links_to_it(
    client, process, contract, commitment
):
    contribution = factories.make_contribution(
        process, text="Det är för mörkt i parken på kvällen.", display_name="Karin"
    )
    CommitmentSource.objects.create(commitment=commitment, contribution=contribution)
    html = client.get(contract.url).text
    assert "Det är för mörkt i parken på kvällen." in html
    assert "Karin" in html
    assert f'href="{process.url}#synpunkt-{contribution.pk}"' in html


def test_a_citation_of_an_unpublished_contribution_is_not_shown(
    client, process, contract, commitment
):
    contribution = factories.make_contribution(process, text="Hemlig synpunkt.")
    CommitmentSource.objects.create(commitment=commitment, contribution=contribution)
    contribution.status = ContributionStatus.UNPUBLISHED
    contribution.save()
    assert "Hemlig synpunkt." not in client.get(contract.url).text
    data = client.get(contract.url + "data/").json()
    assert data["commitments"][0]["cited_contributions"] == []


def test_only_a_published_contribution_can_be_cited(process, commitment):
    pending = factories.make_contribution(process, status=ContributionStatus.PENDING)
    source = CommitmentSource(commitment=commitment, contribution=pending)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "contribution" in error.value.message_dict


def test_the_open_data_export_lists_the_cited_contributions(client, process, contract, commitment):
    contribution = factories.make_contribution(process, text="Fler bänkar, tack.")
    CommitmentSource.objects.create(commitment=commitment, contribution=contribution)
    (cited,) = client.get(contract.url + "data/").json()["commitments"][0]["cited_contributions"]
    assert cited["text"] == "Fler bänkar, tack."
    assert "email" not in cited
    assert cited["url"].endswith(f"#synpunkt-{contribution.pk}")


def test_citations_do_not_add_queries_per_commitment(
    client, process, contract, commitment, assert_flat_queries
):
    def page():
        assert client.get(contract.url).status_code == 200

    def grow(size):
        # `commitment` is the first; each added one cites a contribution of its own.
        for i in range(contract.contract_commitments.count() - 1, size - 1):
            other = factories.add_commitment(contract, commitment.responsible, text=f"Åtagande {i}")
            CommitmentSource.objects.create(
                commitment=other, contribution=factories.make_contribution(process, text=f"Nr {i}")
            )

    CommitmentSource.objects.create(
        commitment=commitment, contribution=factories.make_contribution(process, text="Ett.")
    )
    assert_flat_queries(page, grow=grow, sizes=(1, 6))
