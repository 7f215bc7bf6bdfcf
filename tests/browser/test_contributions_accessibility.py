"""The contribution form, its error state and the confirmation pages pass axe-core."""

from tests.browser.axe import assert_accessible
from wagtail_medborgardialog.contributions.tokens import make_confirmation_token

PROCESS = "/medborgardialoger/nya-parken-i-norrby/"


def test_process_page_with_form_and_contributions_is_accessible(page, demo):
    response = page.goto(demo + PROCESS)
    assert response.status == 200
    assert page.locator("#mbd-contribution-form").count() == 1
    assert page.locator(".mbd-reply").count() >= 1
    assert_accessible(page)


def test_form_with_errors_is_accessible_and_takes_focus(page, demo):
    page.goto(demo + PROCESS)
    page.fill("#id_text", "Min synpunkt som ska finnas kvar")
    page.click("#mbd-contribution-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".mbd-error-summary").count() == 1
    assert page.input_value("#id_text") == "Min synpunkt som ska finnas kvar"
    focused = page.evaluate("document.activeElement.className")
    assert "mbd-error-summary" in focused
    assert_accessible(page)


def test_thank_you_page_is_accessible(page, demo):
    response = page.goto(demo + PROCESS + "synpunkter/tack/?status=check-email")
    assert response.status == 200
    assert_accessible(page)


def test_confirmation_page_is_accessible(page, demo):
    from wagtail_medborgardialog.models import Contribution, DialogueProcessPage

    process = DialogueProcessPage.objects.get(slug="nya-parken-i-norrby")
    contribution = Contribution.objects.create(
        page=process, text="Bekräfta mig", email="a@example.se", status="unconfirmed"
    )
    token = make_confirmation_token(contribution)
    response = page.goto(demo + PROCESS + f"bekrafta/{token}/")
    assert response.status == 200
    assert_accessible(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Din synpunkt är bekräftad"
    assert_accessible(page)


def test_report_page_is_accessible(page, demo):
    from wagtail_medborgardialog.models import Contribution

    contribution = Contribution.objects.public().first()
    path = contribution.page.url + f"anmal/{contribution.pk}/"
    response = page.goto(demo + path)
    assert response.status == 200
    assert_accessible(page)
