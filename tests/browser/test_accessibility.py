"""Every public page of the plugin passes axe-core's WCAG 2.0/2.1 A and AA rules."""

import pytest

from tests.browser.axe import assert_accessible, axe_violations

PUBLIC_PATHS = [
    "/",
    "/medborgardialoger/",
    "/medborgardialoger/nya-parken-i-norrby/",
    # Filters applied, and a combination with no results.
    "/medborgardialoger/?status=ongoing&topic=trygghet",
    "/medborgardialoger/?status=planned&area=centrum",
    # Unknown filter values: the error summary and the fields marked invalid.
    "/medborgardialoger/?status=okand&goal=99",
    # One process in each status: planned, ongoing, closed.
    "/medborgardialoger/cykelvagar-i-soderby/",
    "/medborgardialoger/trygghet-i-centrum/",
    "/medborgardialoger/biblioteket-i-ostra-stan/",
    # The complex issue followed through all seven steps.
    "/medborgardialoger/tillsammans-for-norrby/",
    # After answering the page feedback question.
    "/medborgardialoger/trygghet-i-centrum/?tack=1",
    "/medborgardialoger/tillsammans-for-norrby/samhallskontrakt-norrby/",
    "/medborgardialoger/tillsammans-for-norrby/samhallskontrakt-norrby/?status=bogus&goal=99",
    # The accessibility statement (tillgänglighetsredogörelse).
    "/tillganglighetsredogorelse/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_has_no_wcag_violations(page, demo, path):
    response = page.goto(demo + path)
    assert response.status == 200
    assert_accessible(page)


def test_the_checker_reports_a_violation_with_rule_and_element(page):
    """Guards the guard: an unlabelled field and a missing lang must be reported."""
    page.set_content("<html><body><main><input type='text' id='x'></main></body></html>")
    report = "\n".join(axe_violations(page))
    assert "label" in report
    assert "#x" in report
    assert "html-has-lang" in report


def test_page_feedback_works_without_javascript(browser, demo):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(demo + "/medborgardialoger/trygghet-i-centrum/")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Skicka svar").click()
    assert "Tack för ditt svar" in page.content()
    context.close()


def test_an_invalid_feedback_answer_shows_an_accessible_error(page, demo):
    page.goto(demo + "/medborgardialoger/trygghet-i-centrum/")
    page.get_by_role("button", name="Skicka svar").click()
    assert "Ditt svar kunde inte skickas" in page.content()
    assert_accessible(page)
