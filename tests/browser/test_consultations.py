"""The consultation pages of the demo pass axe-core: the form, its errors, and the results."""

import pytest

from tests.browser.axe import assert_accessible

OPEN = "/medborgardialoger/nya-parken-i-norrby/samrad-om-parkens-utformning/"
CLOSED = "/medborgardialoger/trygghet-i-centrum/perspektivinsamling-trygghet/"


@pytest.mark.parametrize("path", [OPEN, OPEN + "resultat/", CLOSED, CLOSED + "resultat/"])
def test_consultation_page_has_no_wcag_violations(page, demo, path):
    response = page.goto(demo + path)
    assert response.status == 200
    assert_accessible(page)


def test_results_show_charts_with_accessible_names(page, demo):
    page.goto(demo + CLOSED + "resultat/")
    chart = page.get_by_role("img", name="Svar på: När känner du dig minst trygg i centrum?")
    assert chart.count() == 1
    assert page.locator("table caption").count() >= 3


def test_the_form_with_errors_keeps_answers_and_is_accessible(page, demo):
    page.goto(demo + OPEN)
    page.get_by_label("Vad mer ska vi tänka på när parken byggs?").fill("Fler papperskorgar")
    page.get_by_role("button", name="Skicka samrådssvar").click()
    assert "Det finns ett problem" in page.content()
    assert (
        page.get_by_label("Vad mer ska vi tänka på när parken byggs?").input_value()
        == "Fler papperskorgar"
    )
    assert_accessible(page)
