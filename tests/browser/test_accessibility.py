"""Every public page of the plugin passes axe-core's WCAG 2.0/2.1 A and AA rules."""

import pytest

from tests.browser.axe import assert_accessible, axe_violations

PUBLIC_PATHS = [
    "/",
    "/medborgardialoger/",
    "/medborgardialoger/nya-parken-i-norrby/",
    "/medborgardialoger/nya-parken-i-norrby/samhallskontrakt-norrby/",
    "/medborgardialoger/nya-parken-i-norrby/samhallskontrakt-norrby/?status=bogus&goal=99",
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
