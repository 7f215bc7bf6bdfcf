"""A budget round over HTTP: the page and its phases, the ballot (e-mail and e-ID), changing a
vote, the frozen count, the result page and the open data."""

import datetime
import io
import json
import re

import pytest
from django.core import mail
from django.utils import timezone

from tests import factories
from wagtail_medborgardialog.budgets import pabulib, services
from wagtail_medborgardialog.models import (
    Ballot,
    BallotChannel,
    BudgetDistrict,
    BudgetPage,
    BudgetProject,
    BudgetResult,
    Contribution,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = datetime.timedelta(days=1)
TEST_PROVIDER = "wagtail_medborgardialog.identity.TestEidProvider"


def make_round(parent, phase="voting", **fields):
    """A round with a district and four projects (one not feasible)."""
    dates = {
        "ideas": {"closes_at": NOW + 10 * DAY, "voting_opens_at": NOW + 20 * DAY},
        "voting": {"closes_at": NOW - 20 * DAY, "voting_opens_at": NOW - DAY},
        "result": {"closes_at": NOW - 40 * DAY, "voting_opens_at": NOW - 30 * DAY},
    }[phase]
    closes = {
        "ideas": NOW + 30 * DAY,
        "voting": NOW + 10 * DAY,
        "result": NOW - 5 * DAY,
    }[phase]
    fields.setdefault("total_budget", 1000000)
    page = factories.add_page(
        parent,
        BudgetPage,
        title="Medborgarbudget 2026",
        municipality_name="Testkommun",
        voting_closes_at=closes,
        result_at=NOW - DAY if phase == "result" else None,
        **dates,
        **fields,
    )
    north = BudgetDistrict.objects.create(page=page, name="Norrby", budget=400000, sort_order=0)
    projects = {
        "bench": BudgetProject.objects.create(
            page=page, title="Bänkar längs ån", cost=200000, feasibility="feasible"
        ),
        "pool": BudgetProject.objects.create(
            page=page, title="Utomhusbad", cost=600000, feasibility="feasible"
        ),
        "lights": BudgetProject.objects.create(
            page=page,
            title="Belysning i Norrby",
            cost=300000,
            feasibility="feasible",
            district=north,
        ),
        "tower": BudgetProject.objects.create(
            page=page,
            title="Utsiktstorn",
            cost=900000,
            feasibility="not_feasible",
            feasibility_reasons="Marken är naturreservat.",
        ),
    }
    return page, north, projects


def vote_url(page):
    return page.url + "rosta/"


def email_vote(client, page, projects, email="ada@example.se", district="", **extra):
    data = {
        "projects": [p.pk for p in projects],
        "district": district,
        "email": email,
        "declares_connection": "on",
        **extra,
    }
    return client.post(vote_url(page), data)


def confirm_link(message):
    return re.search(r"https?://\S+/rosta/bekrafta/[\w-]+/", message.body).group(0)


def confirm(client, message):
    url = confirm_link(message).replace("http://localhost", "")
    assert client.get(url).status_code == 200
    return client.post(url)


def test_round_page_shows_phase_projects_and_feasibility(client, home):
    page, _north, _projects = make_round(home, phase="ideas")
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Utsiktstorn" in html and "Marken är naturreservat." in html
    assert "Idea collection" in html or "Idéinsamling" in html
    assert 'action="/medborgarbudget-2026/synpunkter/' in html  # ideas through contributions
    # The ballot is not open yet.
    response = client.get(vote_url(page))
    assert response.status_code == 403
    assert "Nothing was saved" in response.content.decode() or "Inget sparades" in (
        response.content.decode()
    )


def test_ideas_only_in_the_idea_phase(client, home, fast_forms):
    page, _north, _projects = make_round(home, phase="voting")
    assert not page.accepts_contributions()
    response = client.post(
        page.url + "synpunkter/",
        {"text": "En idé", "email": "a@example.se", "consent": "on"},
    )
    assert response.status_code in (400, 403)
    assert not Contribution.objects.filter(page=page).exists()


def test_ballot_lists_only_feasible_projects_and_keeps_input_on_errors(client, home):
    page, north, projects = make_round(home)
    html = client.get(vote_url(page)).content.decode()
    assert "Bänkar längs ån" in html and "Utsiktstorn" not in html
    assert 'type="checkbox" name="projects"' in html
    # No project, no declaration: errors by their fields, the e-mail kept.
    response = client.post(vote_url(page), {"email": "ada@example.se"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_projects-error"' in html
    assert 'id="id_declares_connection-error"' in html
    assert 'value="ada@example.se"' in html
    # A district project chosen without that district.
    response = email_vote(client, page, [projects["lights"]])
    assert response.status_code == 400
    assert "another district" in response.content.decode() or "annat område" in (
        response.content.decode()
    )
    assert Ballot.objects.count() == 0


def test_email_ballot_counts_after_confirmation_and_can_be_changed(client, home, run_on_commit):
    page, north, projects = make_round(home)
    response = email_vote(client, page, [projects["bench"], projects["lights"]], district=north.pk)
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.confirmed_at is None and ballot.email == "ada@example.se"
    assert ballot.choices.count() == 0
    assert len(mail.outbox) == 1
    assert confirm(client, mail.outbox[0]).status_code == 302
    ballot.refresh_from_db()
    assert ballot.confirmed_at is not None
    assert ballot.email == "" and ballot.pending is None  # no personal data left
    assert set(ballot.choices.values_list("project__title", flat=True)) == {
        "Bänkar längs ån",
        "Belysning i Norrby",
    }
    assert ballot.district == north
    # Vote again with the same address (written differently): the same ballot, replaced only
    # once confirmed.
    email_vote(client, page, [projects["pool"]], email="ADA@EXAMPLE.SE")
    assert Ballot.objects.count() == 1
    assert ballot.choices.count() == 2
    confirm(client, mail.outbox[1])
    assert list(ballot.choices.values_list("project__title", flat=True)) == ["Utomhusbad"]
    ballot.refresh_from_db()
    assert ballot.district is None
    # A forged or foreign link is refused.
    assert client.get(vote_url(page) + "bekrafta/abc/").status_code == 404


def test_voting_closed_says_so_and_saves_nothing(client, home):
    page, _north, projects = make_round(home, phase="result")
    response = email_vote(client, page, [projects["bench"]])
    assert response.status_code == 403
    assert Ballot.objects.count() == 0
    with pytest.raises(services.VotingClosed):
        services.submit_email_ballot(
            page, email="x@example.se", district_id=None, project_ids=[projects["bench"].pk]
        )


def test_knapsack_totals_and_limit(client, home):
    page, _north, projects = make_round(home, ballot_kind="knapsack", max_projects=2)
    chosen = [projects["bench"], projects["pool"]]  # 800 000 of the 600 000 citywide budget
    response = email_vote(client, page, chosen, recalculate="1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "800" in html and "600" in html
    assert 'id="id_projects-error"' not in html  # recalculating shows no errors
    response = email_vote(client, page, chosen)
    assert response.status_code == 400
    assert 'id="id_projects-error"' in response.content.decode()
    assert Ballot.objects.count() == 0
    assert email_vote(client, page, [projects["bench"]]).status_code == 302


def test_knapsack_ballot_without_script_shows_remaining_count_and_loads_the_script(client, home):
    page, north, projects = make_round(home, ballot_kind="knapsack", max_projects=2)
    chosen = [projects["bench"], projects["pool"], projects["lights"]]
    response = email_vote(client, page, chosen, district=north.pk, recalculate="1")
    html = response.content.decode()
    # The whole municipality: 800 000 of 600 000, over by 200 000; Norrby 300 000 of 400 000.
    assert re.search(r"800\D000 av 600\D000 kronor valda, 0 kronor kvar", html)
    assert re.search(r"200\D000 kronor över budgeten: ta bort ett projekt", html)
    assert re.search(r"Norrby: 300\D000 av 400\D000 kronor valda, 100\D000 kronor kvar", html)
    assert "3 av högst 2 projekt valda. Det är fler än du får välja." in html
    # The script reads costs and parts from data attributes; it is a static file, not inline.
    assert f'data-mbd-cost="{projects["lights"].cost}" data-mbd-part-key="{north.pk}"' in html
    text = "{part}: {chosen} av {budget} kronor valda, {remaining} kronor kvar."
    assert f'data-text-part="{text}"' in html
    script = "/static/wagtail_medborgardialog/js/budget-ballot.js"
    assert f'<script src="{script}" defer>' in html
    assert 'aria-live="polite"' in html


def test_ballot_page_passes_a_strict_csp(client, home):
    from tests.test_csp import violations

    page, _north, _projects = make_round(home, ballot_kind="knapsack", max_projects=2)
    html = client.get(vote_url(page)).content.decode()
    assert "budget-ballot.js" in html
    assert violations(html) == []


def test_eid_ballot(client, home, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_EID_PROVIDER = TEST_PROVIDER
    page, _north, projects = make_round(home, identity_level="eid", min_age=16)
    html = client.get(vote_url(page)).content.decode()
    assert 'name="email"' not in html
    response = client.post(vote_url(page), {"projects": [projects["bench"].pk], "district": ""})
    assert response.status_code == 200  # the test provider's form
    back = vote_url(page) + "e-legitimation/"
    response = client.post(back, {"personal_number": "19121212-1212", "name": "Tolvan"})
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.confirmed_at and ballot.channel == BallotChannel.ONLINE
    assert "1212" not in ballot.identity_hash and len(ballot.identity_hash) == 64
    # The same person again replaces the ballot.
    client.post(vote_url(page), {"projects": [projects["pool"].pk], "district": ""})
    client.post(back, {"personal_number": "191212121212", "name": "Tolvan"})
    assert Ballot.objects.count() == 1
    assert list(ballot.choices.values_list("project__title", flat=True)) == ["Utomhusbad"]
    # A paper ballot for the same person is refused as a duplicate.
    with pytest.raises(services.AlreadyVoted):
        services.record_verified_ballot(
            page,
            personal_number="191212121212",
            district_id=None,
            project_ids=[projects["bench"].pk],
            channel=BallotChannel.PAPER,
        )
    # Returning without having started is refused.
    assert client.post(back, {"personal_number": "191212121212"}).status_code == 400


def cast(page, pnr_seed, district, project_keys, projects):
    services.record_verified_ballot(
        page,
        personal_number=pnr(pnr_seed),
        district_id=district.pk if district else None,
        project_ids=[projects[k].pk for k in project_keys],
        channel=BallotChannel.PAPER,
    )


def pnr(seed):
    """A valid personnummer: 1980-01-01 plus ``seed`` days, serial 2xx, Luhn digit."""
    born = datetime.date(1980, 1, 1) + datetime.timedelta(days=seed)
    body = born.strftime("%y%m%d") + f"{200 + seed % 700:03d}"
    total = 0
    for i, ch in enumerate(body):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return born.strftime("%Y") + body[2:] + str((10 - total % 10) % 10)


def test_freeze_and_result_with_both_outcomes(client, home):
    page, north, projects = make_round(home, phase="result")
    # 6 voters love the pool; 4 want benches; 3 in Norrby want lights.
    for i in range(6):
        cast(page, i, None, ["pool"], projects)
    for i in range(6, 10):
        cast(
            page, i, north if i < 9 else None, ["bench", "lights"] if i < 9 else ["bench"], projects
        )
    result = services.freeze(page)
    assert result.ballot_count == 10 and len(result.ballots_sha256) == 64
    with pytest.raises(services.AlreadyFrozen):
        services.freeze(page)
    # The hash is over the canonical ballots: recomputable from the JSON export.
    assert result.ballots_sha256 == services.ballots_digest(services.counted_ballots(page))
    # Not public before the decision.
    html = client.get(page.url + "resultat/").content.decode()
    assert result.ballots_sha256 not in html
    assert client.get(page.url + "data/pb/").status_code == 404
    factories.record_decision(page)
    response = client.get(page.url + "resultat/")
    html = response.content.decode()
    assert result.ballots_sha256 in html
    citywide = result.outcome["parts"][0]
    # Citywide 600 000 for 10 voters (60 000 each): greedy gives the pool (6 votes) all of it;
    # Equal Shares funds the benches too (4 voters' 240 000 >= 200 000).
    assert set(citywide["greedy"]["funded"]) == {projects["pool"].pk}
    assert projects["bench"].pk in citywide["equal_shares"]["funded"]
    assert "Bänkar längs ån" in html and "Belysning i Norrby" in html
    assert "Utsiktstorn" not in html  # not feasible: not on the ballot, not in the count
    # Greedy leaves voter 9 (benches only) with nothing; the Norrby voters have their lights.
    # Equal Shares: the pool's 6 voters hold 60 % of the money but it costs 100 %, so it is
    # not funded (their 360 000 shown), and those 6 are left without a project.
    assert result.outcome["without_funded"]["greedy"] == "1/10"
    assert result.outcome["without_funded"]["equal_shares"] == "3/5"
    assert "<td>10 %</td>" in html and "<td>60 %</td>" in html
    assert "360" in html  # what the pool's supporters had left
    # Open data: anonymous.
    pb = pabulib.loads(client.get(page.url + "data/pb/").content.decode())
    assert pb.meta["budget"] == "1000000" and len(pb.votes) == 10
    assert {row["name"] for row in pb.projects} >= {"Bänkar längs ån", "Utomhusbad"}
    data = json.loads(client.get(page.url + "data/json/").content)
    assert len(data["ballots"]) == 10 and data["ballots_sha256"] == result.ballots_sha256
    for ballot in Ballot.objects.all():
        assert ballot.identity_hash not in json.dumps(data)
    csv_text = client.get(page.url + "data/csv/").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "ballot,district,project_id,project,cost"
    assert client.get(page.url + "data/xml/").status_code == 404


def test_result_page_queries_flat_in_ballots(client, home, assert_flat_queries):
    page, north, projects = make_round(home, phase="result")
    factories.record_decision(page)
    counter = {"n": 0}

    def grow(size):
        while counter["n"] < size:
            cast(page, counter["n"], north, ["bench", "lights"], projects)
            counter["n"] += 1
        BudgetResult.objects.filter(page=page).delete()
        services.freeze(page)

    assert_flat_queries(lambda: client.get(page.url + "resultat/"), grow=grow, sizes=(3, 30))


def test_retention_deletes_unconfirmed_ballots_and_pending_addresses(client, home, tmp_path):
    from django.core.management import call_command

    from wagtail_medborgardialog.budgets import retention

    page, _north, projects = make_round(home)
    counted = services.record_verified_ballot(
        page, personal_number=pnr(1), district_id=None, project_ids=[projects["bench"].pk]
    )
    services.submit_email_ballot(
        page, email="new@example.se", district_id=None, project_ids=[projects["bench"].pk]
    )
    # A counted ballot with an unconfirmed change waiting.
    Ballot.objects.filter(pk=counted.pk).update(email="old@example.se", pending={"projects": []})
    assert retention.cull(dry_run=True) == (0, 0)
    later = timezone.now() + datetime.timedelta(days=30)
    assert retention.cull(later, dry_run=True) == (1, 1)
    Ballot.objects.update(updated_at=timezone.now() - datetime.timedelta(days=30))
    out = io.StringIO()
    call_command("medborgardialog_retention", archive_dir=str(tmp_path), stdout=out)
    assert "Deleted 1 unconfirmed ballot(s)" in out.getvalue()
    assert list(Ballot.objects.values_list("email", "pending")) == [("", None)]
    assert Ballot.objects.get().choices.count() == 1  # the counted choices stay
