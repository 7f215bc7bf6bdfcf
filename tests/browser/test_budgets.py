"""Participatory budgets in a browser with axe-core: the demo's round and result, and a voting
round where a citizen votes, meets an error, confirms by e-mail and changes the vote."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

ROUND = "/medborgarbudget/"


@pytest.mark.parametrize("path", [ROUND, ROUND + "resultat/"])
def test_budget_round_and_result_have_no_wcag_violations(page, demo, path):
    response = page.goto(demo + path)
    assert response.status == 200
    assert_accessible(page)


def test_result_explains_every_project_beside_the_greedy_outcome(page, demo):
    page.goto(demo + ROUND + "resultat/")
    assert page.get_by_role("columnheader", name="Metoden med lika andelar").count() >= 1
    assert page.get_by_role("columnheader", name="Flest röster först").count() >= 1
    assert "betalade" in page.content()  # how a funded project's cost was shared
    assert "hade" in page.content() and "kvar av sina andelar" in page.content()


def confirm_url(demo):
    body = mail.outbox[-1].body
    path = re.search(r"https?://[^/\s]+(/\S+/rosta/bekrafta/[\w-]+/)", body).group(1)
    return demo + path


def test_vote_change_and_confirm_by_keyboard_friendly_form(page, demo):
    from example_site.home.models import HomePage
    from tests.test_budgets_rounds import make_round
    from wagtail_medborgardialog.models import Ballot

    home = HomePage.objects.first()
    round_page, _north, projects = make_round(home, phase="voting", slug="rosta-nu")
    page.goto(demo + round_page.url)
    assert_accessible(page)
    page.get_by_role("link", name="Rösta").first.click()
    assert_accessible(page)
    # Sent without a project or declaration: the errors are by their fields.
    page.get_by_label("E-postadress").fill("ada@example.se")
    page.get_by_role("button", name="Rösta").click()
    assert "Det finns ett problem" in page.content()
    assert page.get_by_label("E-postadress").input_value() == "ada@example.se"
    assert_accessible(page)
    page.get_by_label("Bänkar längs ån").check()
    page.get_by_label(re.compile("Jag bor, arbetar eller studerar")).check()
    page.get_by_role("button", name="Rösta").click()
    assert "Tack för att du röstade" in page.content()
    assert_accessible(page)
    page.goto(confirm_url(demo))
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta min röst").click()
    assert "Din röst är räknad" in page.content()
    # Change the vote: the same address, another project.
    page.goto(demo + round_page.url + "rosta/")
    page.get_by_label("Utomhusbad").check()
    page.get_by_label("E-postadress").fill("ada@example.se")
    page.get_by_label(re.compile("Jag bor, arbetar eller studerar")).check()
    page.get_by_role("button", name="Rösta").click()
    page.goto(confirm_url(demo))
    page.get_by_role("button", name="Bekräfta min röst").click()
    ballot = Ballot.objects.get(page=round_page)
    assert list(ballot.choices.values_list("project__title", flat=True)) == ["Utomhusbad"]
    assert ballot.email == ""


def test_knapsack_running_total_by_keyboard(page, demo):
    """The script keeps the total, what is left and the count live while the voter ticks with
    the keyboard, and warns when the choice is over the budget (the server still decides)."""
    from example_site.home.models import HomePage
    from tests.test_budgets_rounds import make_round

    home = HomePage.objects.first()
    round_page, _north, _projects = make_round(
        home, phase="voting", slug="rosta-knapsack", ballot_kind="knapsack", max_projects=2
    )
    page.goto(demo + round_page.url + "rosta/")
    live = page.locator("[data-mbd-live]")
    assert live.get_attribute("aria-live") == "polite"
    totals = page.locator("[data-mbd-totals]")
    page.get_by_label("Bänkar längs ån").focus()
    page.keyboard.press("Space")
    assert re.search(r"200\s000 av 600\s000 kronor valda, 400\s000 kronor kvar", live.inner_text())
    assert "1 av högst 2 projekt valda." in totals.inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == page.get_by_label(
        "Utomhusbad"
    ).get_attribute("id")
    page.keyboard.press("Space")
    text = live.inner_text()
    assert re.search(r"800\s000 av 600\s000 kronor valda", text)
    assert re.search(r"200\s000 kronor över budgeten", text)
    assert page.locator("[data-mbd-over]:visible").count() == 1
    assert "2 av högst 2 projekt valda." in totals.inner_text()
    assert_accessible(page)
    # Untick by keyboard: the warning goes.
    page.keyboard.press("Space")
    assert re.search(r"200\s000 av 600\s000 kronor valda", live.inner_text())
    assert page.locator("[data-mbd-over]:visible").count() == 0
    assert_accessible(page)


def test_journey_idea_project_vote_change_and_result(page, demo):
    """The whole round in a browser: a published idea → a process leader (the setup's
    Processledare group) makes it a project → a citizen votes by keyboard → changes the vote →
    the result explains every project. Public pages at 0 axe violations."""
    import datetime

    from django.utils import timezone

    from example_site.home.models import HomePage
    from tests import factories
    from tests.browser.admin_login import log_in
    from tests.test_budgets_rounds import make_round, pnr
    from wagtail_medborgardialog import workflows
    from wagtail_medborgardialog.budgets import services
    from wagtail_medborgardialog.models import Ballot, BallotChannel, BudgetPage, BudgetProject

    home = HomePage.objects.first()
    round_page, _north, _projects = make_round(home, phase="ideas", slug="hela-resan")
    round_page.save_revision().publish()
    workflows.setup_defaults()  # medborgardialog_setup gives the groups the new round
    factories.make_contribution(
        round_page,
        text="Hundrastgård vid ån\nEn inhägnad plats där hundar får springa fritt.",
        display_name="Bea",
    )
    # The process leader turns the idea into a project.
    log_in(page, demo, "processledare")
    page.goto(demo + f"/admin/medborgardialog/budgets/{round_page.pk}/ideas/")
    page.get_by_role("link", name=re.compile("Gör ett projekt")).click()
    assert page.get_by_label("Rubrik").input_value() == "Hundrastgård vid ån"
    page.get_by_label("Kostnad (kronor)").fill("100000")
    page.get_by_role("button", name="Skapa projektet").click()
    page.wait_for_url("**/ideas/")
    expect(page.get_by_text("Blev projektet ”Hundrastgård vid ån”")).to_be_visible()
    page.context.clear_cookies()
    project = BudgetProject.objects.get(page=round_page, title="Hundrastgård vid ån")
    page.goto(demo + round_page.url)
    assert "Den här idén blev projektet" in page.content()
    assert "Från idén av Bea:" in page.content()
    assert_accessible(page)
    # Feasibility review done; voting opens.
    project.feasibility = "feasible"
    project.feasibility_reasons = "Marken är kommunens."
    project.save()
    now = timezone.now()
    day = datetime.timedelta(days=1)
    round_page = BudgetPage.objects.get(pk=round_page.pk)
    round_page.closes_at, round_page.voting_opens_at = now - 3 * day, now - day
    round_page.voting_closes_at = now + day
    round_page.save_revision().publish()
    page.goto(demo + round_page.url + "rosta/")
    assert_accessible(page)
    for title in ("Hundrastgård vid ån", "Bänkar längs ån"):
        page.get_by_label(title).focus()
        page.keyboard.press("Space")
    page.get_by_label("E-postadress").fill("cia@example.se")
    page.get_by_label(re.compile("Jag bor, arbetar eller studerar")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Rösta").click()
    page.goto(confirm_url(demo))
    page.get_by_role("button", name="Bekräfta min röst").click()
    assert "Din röst är räknad" in page.content()
    # She changes her vote: only the dog park.
    page.goto(demo + round_page.url + "rosta/")
    page.get_by_label("Hundrastgård vid ån").check()
    page.get_by_label("E-postadress").fill("cia@example.se")
    page.get_by_label(re.compile("Jag bor, arbetar eller studerar")).check()
    page.get_by_role("button", name="Rösta").click()
    page.goto(confirm_url(demo))
    page.get_by_role("button", name="Bekräfta min röst").click()
    ballot = Ballot.objects.get(page=round_page)
    assert list(ballot.choices.values_list("project", flat=True)) == [project.pk]
    assert ballot.email == ""
    # A paper ballot for the dog park and the outdoor pool, which costs more than its
    # supporter's share.
    services.record_verified_ballot(
        round_page,
        personal_number=pnr(7),
        district_id=None,
        project_ids=[project.pk, _projects["pool"].pk],
        channel=BallotChannel.PAPER,
    )
    # Voting closes, the count is frozen, the decision is made: the result explains.
    round_page = BudgetPage.objects.get(pk=round_page.pk)
    round_page.voting_closes_at, round_page.result_at = now - day / 2, now - day / 4
    round_page.save_revision().publish()
    services.freeze(round_page)
    factories.record_decision(round_page, decision_date=timezone.localdate())
    page.goto(demo + round_page.url + "resultat/")
    content = page.content()
    assert "Hundrastgård vid ån" in content and "betalade" in content
    assert "Utomhusbad" in content and "kvar av sina andelar" in content
    assert_accessible(page)
