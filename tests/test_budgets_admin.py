"""A budget round's admin as the real roles: paper ballots, freezing the count and the open
data, for a process leader of one site; another site's process leader gets 404 by id."""

import pytest
from django.urls import reverse

from tests import factories
from tests.test_budgets_rounds import make_round, pnr
from tests.test_contract_admin_scope import make_user, site_group
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.budgets import pabulib
from wagtail_medborgardialog.models import Ballot, BallotChannel, BudgetResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sites(db):
    from wagtail.models import Site

    Site.objects.all().delete()
    north_home = factories.make_home("norr.example.se", title="Norrkommun")
    south_home = factories.make_home("syd.example.se", title="Sydkommun")
    page, district, projects = make_round(north_home)
    other, _d, _p = make_round(south_home)
    workflows.setup_defaults()
    leader = make_user("norr-ledare", site_group(workflows.PROCESS_LEADERS, "Norr", north_home))
    stranger = make_user("syd-ledare", site_group(workflows.PROCESS_LEADERS, "Syd", south_home))
    moderator = make_user("norr-mod", site_group(workflows.MODERATORS, "Norr", north_home))
    return page, other, district, projects, leader, stranger, moderator


def ballots_url(page):
    return reverse("wagtail_medborgardialog_budget_ballots", args=[page.pk])


def test_process_leader_registers_paper_ballots_deduplicated(client, two_sites):
    page, _other, district, projects, leader, _stranger, _moderator = two_sites
    page.identity_level = "eid"  # paper ballots carry the personnummer at this level
    page.save()
    client.force_login(leader)
    assert client.get(ballots_url(page)).status_code == 200
    data = {
        "personal_number": pnr(3),
        "district": district.pk,
        "projects": [projects["bench"].pk, projects["lights"].pk],
    }
    response = client.post(ballots_url(page), data)
    assert response.status_code == 302
    ballot = Ballot.objects.get(page=page)
    assert ballot.channel == BallotChannel.PAPER and ballot.registered_by == leader
    assert ballot.confirmed_at is not None
    # The same person again (written another way): refused, by the field, nothing changed.
    again = {
        **data,
        "personal_number": pnr(3)[2:8] + "-" + pnr(3)[8:],
        "projects": [projects["pool"].pk],
    }
    response = client.post(ballots_url(page), again)
    assert response.status_code == 400
    assert "already has a ballot" in response.content.decode() or "redan röstat" in (
        response.content.decode()
    )
    assert Ballot.objects.filter(page=page).count() == 1
    assert ballot.choices.count() == 2
    # A bad personnummer and no projects: errors, the input kept.
    response = client.post(ballots_url(page), {"personal_number": "121212-1213"})
    assert response.status_code == 400
    assert 'value="121212-1213"' in response.content.decode()


def test_freeze_only_after_voting_and_export(client, two_sites):
    page, _other, _district, projects, leader, _stranger, _moderator = two_sites
    client.force_login(leader)
    freeze = reverse("wagtail_medborgardialog_budget_freeze", args=[page.pk])
    client.post(freeze)
    assert not BudgetResult.objects.exists()  # voting still open
    page.voting_closes_at = page.voting_opens_at
    page.save_revision().publish()
    client.post(freeze)
    result = BudgetResult.objects.get(page=page)
    assert result.frozen_by == leader
    assert page.needs_political_decision()  # publishing waits for the decision
    response = client.get(reverse("wagtail_medborgardialog_budget_export", args=[page.pk, "pb"]))
    assert response.status_code == 200
    assert pabulib.loads(response.content.decode()).meta["ballots_sha256"] == result.ballots_sha256
    factories.record_decision(page)
    assert not page.needs_political_decision()


def test_another_sites_user_gets_404_and_a_moderator_cannot_register(client, two_sites):
    page, other, _district, projects, leader, stranger, moderator = two_sites
    client.force_login(stranger)
    assert client.get(ballots_url(page)).status_code == 404
    assert client.post(ballots_url(page), {"personal_number": pnr(1)}).status_code == 404
    assert (
        client.post(reverse("wagtail_medborgardialog_budget_freeze", args=[page.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("wagtail_medborgardialog_budget_export", args=[page.pk, "json"])
        ).status_code
        == 404
    )
    assert client.get(ballots_url(other)).status_code == 200  # their own round
    client.force_login(moderator)
    # Moderators do not edit pages: the round is not theirs to count.
    assert client.get(ballots_url(page)).status_code == 404


def test_at_the_email_level_a_paper_ballot_has_the_online_identity(
    client, two_sites, run_on_commit
):
    """One person cannot vote once by e-mail and once on paper: at the e-mail level the paper
    ballot records the voter's e-mail address and is deduplicated by the same identity hash."""
    from django.core import mail

    from tests.test_budgets_rounds import confirm, email_vote

    page, _other, _district, projects, leader, _stranger, _moderator = two_sites
    email_vote(client, page, [projects["bench"]], email="ada@example.se")
    confirm(client, mail.outbox[-1])
    assert Ballot.objects.get(page=page).confirmed_at is not None
    client.force_login(leader)
    html = client.get(ballots_url(page)).content.decode()
    assert 'name="voter_email"' in html and 'name="personal_number"' not in html
    # The same person on paper (the address written another way): refused by the field.
    data = {"voter_email": "Ada@Example.se", "projects": [projects["pool"].pk]}
    response = client.post(ballots_url(page), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Personen har redan röstat i den här omgången" in html
    assert 'value="Ada@Example.se"' in html
    assert Ballot.objects.filter(page=page).count() == 1
    assert list(Ballot.objects.get(page=page).choices.values_list("project", flat=True)) == [
        projects["bench"].pk
    ]
    # Another person on paper: counted, their address not stored.
    response = client.post(
        ballots_url(page), {"voter_email": "bo@example.se", "projects": [projects["pool"].pk]}
    )
    assert response.status_code == 302
    paper = Ballot.objects.get(page=page, channel=BallotChannel.PAPER)
    assert paper.email == "" and "bo@example.se" not in str(paper.pending)
    assert paper.confirmed_at is not None
