"""Idea → project in one step, as a process leader over HTTP: the round's published ideas, the
prefilled form, the project linked both ways on the public page; another site's process
leader gets 404 by id."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from tests import factories
from tests.test_budgets_rounds import make_round
from tests.test_contract_admin_scope import make_user, site_group
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import BudgetPage, BudgetProject

pytestmark = pytest.mark.django_db

IDEA = "Fler bänkar längs ån\nDet finns ingenstans att vila på promenaden mellan bron och badet."


@pytest.fixture
def rounds(db):
    Site.objects.all().delete()
    north_home = factories.make_home("norr.example.se", title="Norrkommun")
    south_home = factories.make_home("syd.example.se", title="Sydkommun")
    page, district, _projects = make_round(north_home, phase="ideas")
    other, _d, _p = make_round(south_home, phase="ideas")
    page.save_revision().publish()  # the round has a live revision, as an edited page has
    workflows.setup_defaults()
    leader = make_user("norr-ledare", site_group(workflows.PROCESS_LEADERS, "Norr", north_home))
    stranger = make_user("syd-ledare", site_group(workflows.PROCESS_LEADERS, "Syd", south_home))
    idea = factories.make_contribution(page, text=IDEA, display_name="Ada")
    hidden = factories.make_contribution(page, text="Inte publicerad", status="pending")
    other_idea = factories.make_contribution(other, text="Sydkommuns idé")
    return page, other, district, leader, stranger, idea, hidden, other_idea


def ideas_url(page):
    return reverse("wagtail_medborgardialog_budget_ideas", args=[page.pk])


def make_url(page, idea):
    return reverse("wagtail_medborgardialog_budget_project_from_idea", args=[page.pk, idea.pk])


def test_process_leader_turns_an_idea_into_a_project(client, rounds):
    page, _other, district, leader, _stranger, idea, hidden, _other_idea = rounds
    client.force_login(leader)
    html = client.get(ideas_url(page)).content.decode()
    assert "Fler bänkar längs ån" in html and "Inte publicerad" not in html
    assert make_url(page, idea) in html
    response = client.get(make_url(page, idea))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Fler bänkar längs ån"' in html  # the title from the idea's first line
    assert "Det finns ingenstans att vila" in html  # the text as description
    # No cost: the form comes back with the error by its field and the text kept.
    response = client.post(
        make_url(page, idea), {"title": "Bänkar vid ån", "description": "Tio bänkar"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Bänkar vid ån"' in html and "Tio bänkar" in html
    assert "id_cost" in html and "obligatoriskt" in html.lower()
    assert not BudgetProject.objects.filter(idea=idea).exists()
    response = client.post(
        make_url(page, idea),
        {
            "title": "Bänkar vid ån",
            "description": "Tio bänkar",
            "cost": "150000",
            "district": district.pk,
        },
    )
    assert response.status_code == 302
    project = BudgetProject.objects.get(idea=idea)
    assert (project.page_id, project.cost, project.district, project.feasibility) == (
        page.pk,
        150000,
        district,
        "pending",
    )
    # The page's revisions hold it too, so publishing the draft keeps it.
    page = BudgetPage.objects.get(pk=page.pk)
    draft = page.get_latest_revision_as_object()
    assert project.pk in [p.pk for p in draft.budget_projects.all()]
    draft.save_revision().publish()
    assert BudgetProject.objects.filter(pk=project.pk).exists()
    # The ideas list shows what it became; the public page links both ways.
    assert "Bänkar vid ån" in client.get(ideas_url(page)).content.decode()
    client.logout()
    html = client.get(page.url, HTTP_HOST="norr.example.se").content.decode()
    assert f'id="projekt-{project.pk}"' in html
    assert f'Den här idén blev projektet <a href="#projekt-{project.pk}">Bänkar vid ån</a>' in html
    assert "Från idén av Ada:" in html
    # Not a published idea, or one of another round: 404.
    client.force_login(leader)
    assert client.get(make_url(page, hidden)).status_code == 404


def test_another_sites_process_leader_gets_404_by_id(client, rounds):
    page, other, _district, _leader, stranger, idea, _hidden, other_idea = rounds
    client.force_login(stranger)
    assert client.get(ideas_url(page)).status_code == 404
    assert client.get(make_url(page, idea)).status_code == 404
    assert client.post(make_url(page, idea), {"title": "x", "cost": "1"}).status_code == 404
    assert not BudgetProject.objects.filter(idea=idea).exists()
    # Their own round, but the other site's idea by id: 404 too.
    url = reverse("wagtail_medborgardialog_budget_project_from_idea", args=[other.pk, idea.pk])
    assert client.get(url).status_code == 404
    assert client.get(make_url(other, other_idea)).status_code == 200
