"""The demo's English pages, and the language switcher that leads to them, pass axe-core's
WCAG 2.0/2.1 A and AA rules; the switcher works from the keyboard."""

from tests.browser.axe import assert_accessible


def test_the_english_pages_have_no_wcag_violations(page, demo):
    from wagtail.models import Page

    paths = [p.url for p in Page.objects.live().filter(locale__language_code="en").specific()]
    assert len(paths) == 3  # home, index, one process
    for path in paths:
        response = page.goto(demo + path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "en"
        assert_accessible(page)


def test_the_language_switcher_leads_from_swedish_to_english_by_keyboard(page, demo):
    from wagtail.models import Locale

    from wagtail_medborgardialog.models import DialogueProcessPage

    english = DialogueProcessPage.objects.live().get(locale__language_code="en")
    swedish = english.get_translation(Locale.get_default())
    page.goto(demo + swedish.url)
    link = page.get_by_role("navigation", name="Språk").get_by_role("link", name="English")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(demo + english.url)
    assert page.locator("html").get_attribute("lang") == "en"
