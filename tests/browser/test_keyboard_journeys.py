"""Keyboard-only journeys, in the narrow and the wide viewport (the `page` fixture).

After page.goto() the tests only press keys: no clicks, no fill(). They read the page
(document.activeElement, values, text) to check where the keyboard user is.
"""

import pytest
from django.core.cache import cache

from tests.browser.axe import assert_accessible

PROCESS = "/medborgardialoger/nya-parken-i-norrby/"
INDEX = "/medborgardialoger/"
MAX_TABS = 250

ACTIVE = "document.activeElement"


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    # The live server runs in this process, so the settings fixture reaches it: no minimum
    # fill time, and fresh rate-limit counters (kept in the cache) for every test.
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def active_matches(page, selector):
    return page.evaluate(f"{ACTIVE} && {ACTIVE}.matches({selector!r})")


def tab_to(page, selector, key="Tab"):
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press(key)
        if active_matches(page, selector):
            return presses
    raise AssertionError(f"{selector} not reached with {MAX_TABS} presses of {key} on {page.url}")


def press_and_wait(page, key):
    with page.expect_navigation() as navigation:
        page.keyboard.press(key)
    page.wait_for_load_state()
    return navigation.value


def focus_is_visible(page):
    return page.evaluate(
        f"""() => {{
        const style = getComputedStyle({ACTIVE});
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== 'none';
    }}"""
    )


def test_citizen_comments_with_the_keyboard_only(page, demo):
    page.goto(demo + PROCESS)

    tab_to(page, "#id_text")
    page.keyboard.type("Fler bänkar i skuggan vid lekplatsen.")
    tab_to(page, "#id_email")
    page.keyboard.type("inte-en-adress")
    # Consent left unticked and the address invalid: the form must come back with errors.
    tab_to(page, "#mbd-contribution-form button[type=submit]")
    response = press_and_wait(page, "Enter")

    assert response.status == 400
    assert active_matches(page, ".mbd-error-summary")
    summary = page.locator(".mbd-error-summary").inner_text()
    assert "Det finns ett problem" in summary
    assert page.locator(".mbd-error-summary li").count() == 2
    assert page.evaluate("document.querySelector('#id_text').value") == (
        "Fler bänkar i skuggan vid lekplatsen."
    )
    assert page.evaluate("document.querySelector('#id_email').value") == "inte-en-adress"

    # From the summary, on to the fields: correct the address, tick consent, send.
    tab_to(page, "#id_email")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("anna@example.se")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    assert page.evaluate("document.querySelector('#id_consent').checked")
    tab_to(page, "#mbd-contribution-form button[type=submit]")
    response = press_and_wait(page, "Enter")

    assert response.status == 200
    assert "/synpunkter/tack/" in page.url
    assert page.locator("h1").inner_text() == "Tack för din synpunkt"
    assert "Vi har skickat ett mejl" in page.locator("main").inner_text()
    assert_accessible(page)


def test_error_summary_links_lead_back_to_the_fields(page, demo):
    page.goto(demo + PROCESS)
    tab_to(page, "#mbd-contribution-form button[type=submit]")
    press_and_wait(page, "Enter")
    assert active_matches(page, ".mbd-error-summary")

    # The first link in the summary names the empty text field; following it with Enter
    # moves the keyboard's starting point there, so Tab continues from the field.
    tab_to(page, ".mbd-error-summary a[href='#id_text']")
    page.keyboard.press("Enter")
    assert page.url.endswith("#id_text")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert active_matches(page, "#id_text")


def test_shift_tab_moves_back_through_the_form(page, demo):
    page.goto(demo + PROCESS)
    tab_to(page, "#id_consent")
    tab_to(page, "#id_text", key="Shift+Tab")
    page.keyboard.type("Baklänges")
    assert page.evaluate("document.querySelector('#id_text').value") == "Baklänges"


def test_citizen_filters_the_index_with_the_keyboard(page, demo):
    page.goto(demo + INDEX)
    before = page.locator(".mbd-result-count").inner_text()

    tab_to(page, "#id_status")
    assert page.evaluate("document.querySelector('#id_status').value") == ""
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.querySelector('#id_status').value")
    assert chosen
    tab_to(page, ".mbd-filters button[type=submit]")
    press_and_wait(page, "Enter")

    assert f"status={chosen}" in page.url
    after = page.locator(".mbd-result-count").inner_text()
    assert after != before
    assert page.evaluate("document.querySelector('#id_status').value") == chosen


@pytest.mark.parametrize(
    "path, selector",
    [
        (PROCESS, ".skip-link"),
        (PROCESS, "main a[href]"),
        (PROCESS, "#id_text"),
        (PROCESS, "#id_consent"),
        (PROCESS, "#mbd-contribution-form button[type=submit]"),
        (INDEX, "#id_status"),
        (INDEX, ".mbd-filters button[type=submit]"),
        ("/tillganglighetsredogorelse/", "main a[href^='mailto:']"),
        ("/tillganglighetsredogorelse/", "main a[href='https://www.digg.se/tdosanmalan']"),
    ],
)
def test_keyboard_focus_is_visible(page, demo, path, selector):
    page.goto(demo + path)
    tab_to(page, selector)
    assert focus_is_visible(page), f"no visible focus on {selector} at {path}"


def test_page_feedback_error_takes_focus(page, demo):
    page.goto(demo + "/medborgardialoger/trygghet-i-centrum/")
    # "Skicka svar" without choosing an answer.
    tab_to(page, "#mbd-page-feedback button[type=submit]")
    response = press_and_wait(page, "Enter")

    assert response.status == 400
    assert active_matches(page, "#mbd-page-feedback .mbd-error-summary")
    assert focus_is_visible(page)
    tab_to(page, "#mbd-feedback-answer_0")
    page.keyboard.press("Space")
    tab_to(page, "#mbd-page-feedback button[type=submit]")
    press_and_wait(page, "Enter")
    assert "Tack för ditt svar" in page.locator("#mbd-page-feedback").inner_text()


def test_contribution_error_summary_shows_focus(page, demo):
    page.goto(demo + PROCESS)
    tab_to(page, "#mbd-contribution-form button[type=submit]")
    press_and_wait(page, "Enter")
    assert active_matches(page, ".mbd-error-summary")
    assert focus_is_visible(page)
