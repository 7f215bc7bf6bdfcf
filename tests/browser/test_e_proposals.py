"""E-förslag in a browser, every public step checked with axe-core (WCAG 2.1 A/AA):
propose -> confirm -> screened (in the admin) -> sign -> threshold reached -> referred ->
answered -> the signer who asked is told."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from tests import factories
from tests.browser.admin_login import PASSWORD, log_in
from tests.browser.axe import assert_accessible
from tests.e_proposal_helpers import DECISION, make_index
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.e_proposals import status
from wagtail_medborgardialog.models import EProposal, EProposalStatus

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(live_server, settings):
    from wagtail.models import Site

    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    Site.objects.all().delete()
    home = factories.make_home()
    index = make_index(home, threshold_number=2)
    workflows.setup_defaults()
    user = get_user_model().objects.create_user("moderator-ep", "m@exempelkommun.se", PASSWORD)
    user.groups.add(Group.objects.get(name=workflows.MODERATORS))
    return live_server.url, index


def last_link(part):
    body = mail.outbox[-1].body
    return re.search(rf"https?://[^\s]*/{part}/[\w-]+/", body).group(0)


def local(base, url):
    return base + re.sub(r"^https?://[^/]+", "", url)


def sign(page, base, proposal_url, email):
    page.goto(proposal_url)
    page.fill("#id_email", email)
    page.check("#id_wants_outcome")
    page.check("#id_consent")
    page.check("#id_declares_connection")
    page.check("#id_declares_age")
    page.get_by_role("button", name="Skriv under", exact=True).click()
    assert_accessible(page)
    page.goto(local(base, last_link("underskrift")))
    page.get_by_role("button", name="Bekräfta min underskrift").click()
    assert_accessible(page)


def test_the_whole_journey_passes_axe(page, site):
    base, index = site
    page.goto(base + index.url)
    assert_accessible(page)
    page.get_by_role("link", name="Lämna ett förslag").click()
    page.get_by_role("button", name="Fortsätt").click()  # empty: errors by the fields
    assert "Det finns ett problem" in page.content()
    assert_accessible(page)
    page.fill("#id_title", "Fler bänkar i Norrbyparken")
    page.fill("#id_proposal", "Sätt upp fler bänkar längs gångvägen.")
    page.fill("#id_name", "Anna Andersson")
    page.fill("#id_email", "anna@example.se")
    page.check("#id_consent")
    page.get_by_role("button", name="Fortsätt").click()
    assert_accessible(page)  # the similar proposals step
    page.get_by_role("button", name="Skicka mitt förslag").click()
    assert_accessible(page)
    page.goto(local(base, last_link("bekrafta")))
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta mitt förslag").click()
    assert_accessible(page)
    proposal = EProposal.objects.get()
    assert proposal.status == EProposalStatus.SCREENING

    # Screening in the admin, as the index's moderator.
    log_in(page, base, "moderator-ep")
    page.goto(f"{base}/admin/medborgardialog/e-proposals/{proposal.pk}/")
    page.get_by_role("button", name="Publicera för underskrifter").click()
    proposal.refresh_from_db()
    assert proposal.status == EProposalStatus.OPEN

    proposal_url = f"{base}{index.url}{proposal.pk}/"
    page.goto(proposal_url)
    assert page.locator("meter#mbd-ep-meter").get_attribute("value") == "0"
    assert_accessible(page)
    sign(page, base, proposal_url, "berit@example.se")
    sign(page, base, proposal_url, "cecilia@example.se")
    proposal.refresh_from_db()
    assert proposal.status == EProposalStatus.PASSED
    page.goto(proposal_url)
    assert "Stängt för underskrifter." in page.content()
    assert_accessible(page)

    status.refer(proposal, None, DECISION)
    mail.outbox.clear()
    status.answer(proposal, None, "bifall", {**DECISION, "decided_text": "Bänkar sätts upp."})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.se",
        "berit@example.se",
        "cecilia@example.se",
    ]
    page.goto(proposal_url)
    assert "Bänkar sätts upp." in page.content()
    assert_accessible(page)
