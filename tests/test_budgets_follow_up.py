"""Funded projects become commitments of the round's follow-up contract ("you voted, we
built"): made when the round is published with its result public, or by the admin action; the
contract's own follow-up shows on the result page and the round's project list."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Site

from tests import factories
from tests.test_budgets_rounds import make_round
from tests.test_contract_admin_scope import make_user, site_group
from wagtail_medborgardialog import identity, workflows
from wagtail_medborgardialog.budgets import follow_up, services
from wagtail_medborgardialog.contracts.follow_up import record_update
from wagtail_medborgardialog.models import (
    Ballot,
    BallotChoice,
    BudgetProject,
    BudgetResult,
    Commitment,
    CommitmentSource,
    ProjectCommitment,
)

pytestmark = pytest.mark.django_db


def vote(page, number, projects, district=None):
    ballot = Ballot.objects.create(
        page=page,
        identity_hash=identity.identity_hash(
            "email", f"v{number}@example.se", scope=services.scope(page)
        ),
        district=district,
        confirmed_at=page.voting_opens_at,
    )
    BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, project=p) for p in projects])


@pytest.fixture
def counted(home):
    """A round in its result phase, counted, with a follow-up contract and an idea behind the
    benches; the decision on implementation is not yet on record."""
    page, north, projects = make_round(home, phase="result")
    idea = factories.make_contribution(page, text="Bänkar längs ån, tack!", display_name="Ada")
    projects["bench"].idea = idea
    projects["bench"].save()
    for number in range(6):
        vote(page, number, [projects["bench"]])
    for number in range(6, 9):
        vote(page, number, [projects["lights"]], district=north)
    contract = factories.make_contract(home, title="Genomförande av medborgarbudget 2026")
    party = factories.add_party(contract, factories.make_stakeholder("Exempelkommun", "public"))
    page.follow_up_contract = contract
    page.save_revision().publish()
    services.freeze(page)
    return page, projects, contract, party


def test_publishing_the_result_makes_commitments_and_the_follow_up_shows(client, counted):
    page, projects, contract, party = counted
    assert not ProjectCommitment.objects.exists()  # no decision yet: the result is not public
    factories.record_decision(page)
    page.save_revision().publish()
    links = {link.project_id: link.commitment for link in ProjectCommitment.objects.all()}
    assert set(links) == {projects["bench"].pk, projects["lights"].pk}
    bench = links[projects["bench"].pk]
    assert (bench.page_id, bench.responsible, bench.text, bench.status, bench.source_page_id) == (
        contract.pk,
        party.stakeholder,
        "Bänkar längs ån",
        "planned",
        page.pk,
    )
    # The idea is cited ("you said, we did") and the contract's revisions hold the commitment.
    assert CommitmentSource.objects.get(commitment=bench).contribution == projects["bench"].idea
    contract.refresh_from_db()
    draft = contract.get_latest_revision_as_object()
    assert bench.pk in [c.pk for c in draft.contract_commitments.all()]
    # Publishing again makes no second commitment.
    page.save_revision().publish()
    assert Commitment.objects.filter(page=contract).count() == 2
    # The result page's tables are a cached fragment: a new update must show at once.
    assert "Planerad, 0 % klart." in client.get(page.url + "resultat/").content.decode()
    record_update(
        bench,
        date=datetime.date(2026, 5, 4),
        reported_by="Parkenheten",
        change="Sex bänkar står på plats.",
        status="ongoing",
        progress=60,
    )
    html = client.get(page.url + "resultat/").content.decode()
    assert "Du röstade, vi bygger" in html
    assert "Pågår, 60 % klart." in html
    assert "Senaste uppdatering 4 maj 2026: Sex bänkar står på plats." in html
    assert f"{contract.url}#atagande-{bench.pk}" in html
    html = client.get(page.url).content.decode()
    assert "Pågår, 60 % klart." in html
    assert "Planerad, 0 % klart." in html  # the lights, not yet followed up
    # The contract shows the commitment with its update.
    html = client.get(contract.url).content.decode()
    assert "Bänkar längs ån" in html and "Sex bänkar står på plats." in html


def test_admin_action_as_process_leader_and_another_site_gets_404(client, counted, home):
    page, projects, contract, _party = counted
    workflows.setup_defaults()
    site = Site.objects.get(root_page=home)
    leader = make_user("ledare", site_group(workflows.PROCESS_LEADERS, "Test", home))
    other_home = factories.make_home("syd.example.se", title="Sydkommun")
    stranger = make_user("syd", site_group(workflows.PROCESS_LEADERS, "Syd", other_home))
    url = reverse("wagtail_medborgardialog_budget_commitments", args=[page.pk])
    client.force_login(stranger)
    assert client.post(url).status_code == 404
    assert not ProjectCommitment.objects.exists()
    client.force_login(leader)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert ProjectCommitment.objects.count() == 2
    assert "2" in response.content.decode()
    client.post(url)
    assert ProjectCommitment.objects.count() == 2  # idempotent
    assert site.root_page_id == home.pk


def test_no_contract_is_a_message_not_an_error(counted):
    page, _projects, _contract, _party = counted
    page.follow_up_contract = None
    page.save()
    with pytest.raises(follow_up.NoContract):
        follow_up.make_commitments(page)


def test_follow_up_queries_do_not_grow_with_the_projects(counted, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page, projects, _contract, _party = counted
    follow_up.make_commitments(page)
    follow_up.follow_ups(page)  # the site's root paths are cached after the first look-up
    with CaptureQueriesContext(connection) as two:
        assert len(follow_up.follow_ups(page)) == 2
    # Four more funded projects with commitments and updates: the same number of queries.
    result = BudgetResult.objects.get(page=page)
    rule = result.outcome["rule"]
    for number in range(4):
        extra = BudgetProject.objects.create(
            page=page, title=f"Extra {number}", cost=1, feasibility="feasible"
        )
        result.outcome["parts"][0][rule]["funded"].append(extra.pk)
    result.save()
    follow_up.make_commitments(page)
    for link in ProjectCommitment.objects.all():
        record_update(
            link.commitment,
            date=datetime.date(2026, 5, 4),
            reported_by="Parkenheten",
            change="Påbörjat.",
            status="ongoing",
            progress=10,
        )
    with django_assert_num_queries(len(two)):
        assert len(follow_up.follow_ups(page)) == 6
