"""The process leader's working day in a real browser: queue → open → redact → approve.

Logged in as the demo's `processledare` (the Processledare group from medborgardialog_setup),
never a superuser; the public page then shows the redacted text, not the number.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.admin_login import log_in
from wagtail_medborgardialog.models import Contribution, ContributionStatus, DialogueProcessPage

NUMBER = "811218-9876"


@pytest.fixture
def wide_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    yield context.new_page()
    context.close()


def open_process():
    return next(page for page in DialogueProcessPage.objects.live() if page.accepts_contributions())


def test_process_leader_opens_redacts_and_approves_from_the_queue(wide_page, demo):
    process = open_process()
    waiting = Contribution.objects.create(
        page=process,
        text=f"Ring mig gärna, mitt personnummer är {NUMBER}. Fler bänkar vid dammen!",
        display_name="Kim",
        email="kim@example.se",
        status=ContributionStatus.PENDING,
        flagged_personal_number=True,
    )
    page = wide_page
    log_in(page, demo, "processledare")
    # The menu item the politicians do not get (see the test below).
    expect(page.get_by_role("link", name="Synpunkter", exact=True).first).to_be_visible()

    # The dashboard counts what waits on the leader's own pages and links to the queue.
    expect(page.locator("section", has_text="väntar").first).to_be_visible()

    page.goto(demo + "/admin/medborgardialog/contributions/?status=pending")
    row_link = page.get_by_role("link", name="Kim: Ring mig gärna").first
    row_link.click()
    page.wait_for_url(f"**/contributions/edit/{waiting.pk}/")
    expect(page.get_by_text("personnummer", exact=False).first).to_be_visible()

    page.get_by_role("link", name="Ta bort en del av texten").first.click()
    page.get_by_label("Text som ska tas bort").fill(NUMBER)
    page.get_by_role("button", name="Ta bort och markera som borttaget").click()
    page.wait_for_url(f"**/contributions/edit/{waiting.pk}/")

    page.get_by_role("button", name="Godkänn och publicera").click()
    expect(page.get_by_text("Synpunkten har publicerats.")).to_be_visible()

    waiting.refresh_from_db()
    assert waiting.status == ContributionStatus.PUBLISHED
    assert NUMBER not in waiting.text
    assert not waiting.flagged_personal_number

    public = page.context.new_page()
    public.goto(demo + process.url)
    html = public.content()
    assert "Fler bänkar vid dammen!" in html
    assert NUMBER not in html
    assert "[borttaget]" in html


def test_steering_group_member_has_no_queue(wide_page, demo):
    page = wide_page
    log_in(page, demo, "styrgrupp")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Synpunkter", exact=True).count() == 0
    page.goto(demo + "/admin/medborgardialog/contributions/")
    assert "/medborgardialog/contributions/" not in page.url  # sent back to the dashboard
    assert "Moderera synpunkt" not in page.content()
