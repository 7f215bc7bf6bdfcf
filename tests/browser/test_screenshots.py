"""`make screenshots`: PNG pictures of the main public pages and admin screens for the docs.

Runs only when MEDBORGARDIALOG_SCREENSHOTS names the output folder (docs/screenshots).
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.browser.admin_login import log_in

OUT = os.environ.get("MEDBORGARDIALOG_SCREENSHOTS")
PROCESS = "/medborgardialoger/nya-parken-i-norrby/"
CONTRACT = "/medborgardialoger/tillsammans-for-norrby/samhallskontrakt-norrby/"

PUBLIC = {
    "home": "/",
    "dialogue-index": "/medborgardialoger/",
    "dialogue-index-filtered": "/medborgardialoger/?status=ongoing&topic=trygghet",
    "dialogue-process": PROCESS,
    "dialogue-process-closed": "/medborgardialoger/biblioteket-i-ostra-stan/",
    "contribution-thanks": PROCESS + "synpunkter/tack/?status=check-email",
    "consultation": PROCESS + "samrad-om-parkens-utformning/",
    "consultation-results": "/medborgardialoger/trygghet-i-centrum/perspektivinsamling-trygghet/"
    "resultat/",
}

pytestmark = pytest.mark.skipif(not OUT, reason="set MEDBORGARDIALOG_SCREENSHOTS to a folder")


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    cache.clear()


@pytest.fixture
def new_page(browser):
    """Opens wide (1280 px) or narrow pages in contexts closed after the test."""
    contexts = []

    def open_page(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def save(page_or_locator, name, full_page=False):
    path = Path(OUT) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    if full_page:
        page_or_locator.screenshot(path=str(path), full_page=True)
    else:
        page_or_locator.screenshot(path=str(path))
    assert path.stat().st_size > 1000
    return path


def shoot(page, url, name, full_page=True):
    response = page.goto(url)
    assert response.status == 200, url
    save(page, name, full_page=full_page)


def test_screenshots_public_pages(new_page, demo):
    page = new_page()
    for name, path in PUBLIC.items():
        shoot(page, demo + path, name)

    shoot(page, demo + CONTRACT, "contract", full_page=False)
    save(page.locator(".mbd-contract-progress"), "contract-progress")

    mobile = new_page(width=375, height=812)
    shoot(mobile, demo + PROCESS, "dialogue-process-mobile", full_page=False)


def test_screenshot_comment_form_with_an_error(new_page, demo):
    page = new_page()
    page.goto(demo + PROCESS)
    page.fill("#id_text", "Fler bänkar i skuggan vid lekplatsen.")
    page.fill("#id_email", "inte-en-adress")
    page.click("#mbd-contribution-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".mbd-error-summary").count() == 1
    save(page.locator("#mbd-contribution-form"), "contribution-form-error")


def _contract_page():
    from wagtail_medborgardialog.models import CommunityContractPage

    return CommunityContractPage.objects.get(slug="samhallskontrakt-norrby")


def _start_contract_workflow(username="admin"):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    page = _contract_page()
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def _approve_current_task(workflow_state, username):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    task_state = workflow_state.current_task_state.specific
    task_state.task.specific.on_action(task_state, user, "approve")
    workflow_state.refresh_from_db()


def _open_action_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    # Let the menu finish its opening animation before the picture.
    page.wait_for_timeout(500)


def test_screenshots_admin(new_page, demo):
    from wagtail_medborgardialog.models import Contribution

    # Each screen as the role that uses it: the process leader moderates, the deciding body
    # keeps the decision register.
    page = new_page()
    log_in(page, demo, "processledare")
    shoot(page, demo + "/admin/", "admin-dashboard")
    shoot(page, demo + "/admin/medborgardialog/contributions/", "moderation-queue")
    pending = Contribution.objects.filter(status="pending").order_by("created_at").first()
    shoot(
        page,
        demo + f"/admin/medborgardialog/contributions/edit/{pending.pk}/",
        "moderation-contribution",
    )
    shoot(
        page,
        demo + f"/admin/medborgardialog/contributions/redact/{pending.pk}/",
        "moderation-redact",
    )
    deciding = new_page()
    log_in(deciding, demo, "beslutande")
    shoot(
        deciding, demo + "/admin/medborgardialog/decisions/", "decision-register", full_page=False
    )


def test_screenshots_workflow(new_page, demo):
    contract = _contract_page()
    edit_url = demo + f"/admin/pages/{contract.pk}/edit/"

    # 1. The editor's "Skicka till …" in the page editor's action menu.
    editor = new_page()
    log_in(editor, demo, "admin")
    editor.goto(edit_url)
    _open_action_menu(editor)
    save(editor, "workflows-1-skicka-till-granskning")

    # 2. The process leader's dashboard, with the page waiting for review.
    workflow_state = _start_contract_workflow()
    leader = new_page()
    log_in(leader, demo, "processledare")
    save(leader, "workflows-2-vantar-pa-granskning", full_page=True)

    # 3. "Begär ändringar" with a comment.
    leader.goto(edit_url)
    _open_action_menu(leader)
    leader.get_by_role("button", name="Begär ändringar").click()
    leader.locator(".modal textarea").first.fill("Lägg till vem som ansvarar för uppföljningen.")
    save(leader, "workflows-3-begar-andringar")

    # 4 and 5. The deciding body's decision form, filled in, and with a missing case number.
    _approve_current_task(workflow_state, "processledare")
    _approve_current_task(workflow_state, "styrgrupp")
    deciding = new_page()
    log_in(deciding, demo, "beslutande")
    deciding.goto(edit_url)
    _open_action_menu(deciding)
    deciding.get_by_role("button", name="Registrera beslut och publicera").click()
    modal = deciding.locator(".modal")
    modal.locator("textarea[name$='decided_text']").fill(
        "Kommunstyrelsen reviderar samhällskontraktet för Norrby: åtagande 3 får nytt slutdatum."
    )
    modal.locator("input[name$='deciding_body']").fill("Kommunstyrelsen")
    modal.locator("input[name$='decision_date']").fill("2026-11-20")
    modal.locator("input[name$='case_number']").fill("KS 2026/87")
    modal.locator("input[name$='minutes_paragraph']").fill("87")
    deciding.wait_for_timeout(300)
    save(deciding, "workflows-4-beslutsformular")
    modal.locator("input[name$='case_number']").fill("")
    modal.locator("button[type=submit]").first.click()
    deciding.wait_for_timeout(500)
    save(deciding, "workflows-5-beslutsformular-fel")

    # 6. A published page with its decision line; 7. the decision register's filters.
    visitor = new_page()
    visitor.goto(demo + "/medborgardialoger/biblioteket-i-ostra-stan/")
    save(visitor.locator(".mbd-decision").first, "workflows-6-beslut-pa-sidan")
    deciding.goto(demo + "/admin/medborgardialog/decisions/")
    deciding.get_by_role("button", name="Filter").first.click()
    deciding.wait_for_timeout(300)
    save(deciding, "workflows-7-beslutsregister")


def test_screenshots_e_proposals(new_page, demo):
    """docs/e-proposals.md: the index, a proposal with its progress meter, the form, a proposal
    in a national minority language, and the screening view as a process leader."""
    from wagtail_medborgardialog.models import EProposal, EProposalStatus

    open_one = EProposal.objects.get(title="Fler sittbänkar längs Norrbyån")
    finnish = EProposal.objects.get(text_language="fi")
    screening = EProposal.objects.filter(status=EProposalStatus.SCREENING).first()
    page = new_page()
    shoot(page, demo + "/e-forslag/", "e-proposals-index")
    shoot(page, demo + f"/e-forslag/{open_one.pk}/", "e-proposal")
    save(page.locator(".mbd-ep-progress"), "e-proposal-progress")
    shoot(page, demo + f"/e-forslag/{finnish.pk}/", "e-proposal-minority-language", False)
    shoot(page, demo + "/e-forslag/nytt/", "e-proposal-form")
    leader = new_page()
    log_in(leader, demo, "processledare")
    shoot(
        leader, demo + f"/admin/medborgardialog/e-proposals/{screening.pk}/", "e-proposal-screening"
    )
