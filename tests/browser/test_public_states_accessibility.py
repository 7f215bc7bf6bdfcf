"""The less common states of the public pages pass axe-core too: closed, refused, expired, empty."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.browser.axe import assert_accessible
from wagtail_medborgardialog.contributions.tokens import make_confirmation_token

PROCESS = "/medborgardialoger/nya-parken-i-norrby/"
CONTRACT = "/medborgardialoger/tillsammans-for-norrby/samhallskontrakt-norrby/"


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    # Rate limits live in the cache, which outlives each test's database.
    cache.clear()
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0
    yield
    cache.clear()


def _process():
    from wagtail_medborgardialog.models import DialogueProcessPage

    return DialogueProcessPage.objects.get(slug="nya-parken-i-norrby")


def _unconfirmed_token():
    from wagtail_medborgardialog.models import Contribution

    contribution = Contribution.objects.create(
        page=_process(), text="Bekräfta mig", email="a@example.se", status="unconfirmed"
    )
    return make_confirmation_token(contribution)


@pytest.mark.parametrize("state", ["check-email", "pending", "published", "reported"])
def test_thank_you_page_in_every_state_is_accessible(page, demo, state):
    response = page.goto(demo + PROCESS + f"synpunkter/tack/?status={state}")
    assert response.status == 200
    heading = "Tack för din anmälan" if state == "reported" else "Tack för din synpunkt"
    assert page.locator("h1").inner_text() == heading
    assert_accessible(page)


def test_index_with_filters_and_no_results_is_accessible(page, demo):
    page.goto(demo + "/medborgardialoger/?status=planned&area=centrum")
    assert "Inga medborgardialoger matchar" in page.locator("main").inner_text()
    assert_accessible(page)


def test_process_closed_for_contributions_is_accessible(page, demo):
    from wagtail_medborgardialog.models import DialogueProcessPage

    DialogueProcessPage.objects.filter(slug="nya-parken-i-norrby").update(
        closes_at=timezone.now() - timedelta(days=1)
    )
    page.goto(demo + PROCESS)
    assert "Stängd för synpunkter" in page.locator("#mbd-contributions").inner_text()
    assert page.locator("#mbd-contribution-form").count() == 0
    assert_accessible(page)


def test_process_not_yet_open_for_contributions_is_accessible(page, demo):
    from wagtail_medborgardialog.models import DialogueProcessPage

    DialogueProcessPage.objects.filter(slug="nya-parken-i-norrby").update(
        opens_at=timezone.now() + timedelta(days=10)
    )
    page.goto(demo + PROCESS)
    assert "Öppnar för synpunkter" in page.locator("#mbd-contributions").inner_text()
    assert_accessible(page)


def test_contribution_refused_after_closing_is_accessible(page, demo):
    from wagtail_medborgardialog.models import DialogueProcessPage

    page.goto(demo + PROCESS)
    page.fill("#id_text", "Skickad precis när sidan stängde")
    page.check("#id_consent")
    DialogueProcessPage.objects.filter(slug="nya-parken-i-norrby").update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    with page.expect_navigation() as navigation:
        page.click("#mbd-contribution-form button[type=submit]")
    assert navigation.value.status == 403
    assert page.locator("#mbd-contributions [role=alert]").count() == 1
    assert_accessible(page)


def test_contributions_in_oldest_first_order_are_accessible(page, demo):
    response = page.goto(demo + PROCESS + "?ordning=aldst")
    assert response.status == 200
    assert page.locator(".mbd-contributions__order [aria-current]").inner_text() == "Äldst först"
    assert_accessible(page)


def test_expired_confirmation_link_and_resend_are_accessible(page, demo, settings):
    token = _unconfirmed_token()
    settings.WAGTAIL_MEDBORGARDIALOG_CONFIRMATION_MAX_AGE = -1
    response = page.goto(demo + PROCESS + f"bekrafta/{token}/")
    assert response.status == 410
    assert_accessible(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/bekrafta-igen/")
    assert_accessible(page)


def test_invalid_confirmation_link_is_accessible(page, demo):
    response = page.goto(demo + PROCESS + "bekrafta/inte-en-giltig-lank/")
    assert response.status == 404
    assert_accessible(page)


def test_confirmation_link_opened_again_is_accessible(page, demo):
    from wagtail_medborgardialog.models import Contribution

    contribution = Contribution.objects.visible().filter(page=_process()).first()
    token = make_confirmation_token(contribution)
    response = page.goto(demo + PROCESS + f"bekrafta/{token}/")
    assert response.status == 200
    assert_accessible(page)


def test_report_form_with_an_error_is_accessible(page, demo):
    from wagtail_medborgardialog.models import Contribution

    contribution = Contribution.objects.visible().filter(page=_process()).first()
    page.goto(demo + PROCESS + f"anmal/{contribution.pk}/")
    # The textarea's maxlength stops browsers at 1000 characters; lift it to reach the server.
    page.evaluate("document.querySelector('#id_reason').removeAttribute('maxlength')")
    page.fill("#id_reason", "x" * 1001)
    with page.expect_navigation() as navigation:
        page.click("main form button[type=submit]")
    assert navigation.value.status == 400
    assert page.locator(".mbd-field__error").count() == 1
    assert_accessible(page)


def test_contract_filtered_to_no_commitments_is_accessible(page, demo):
    response = page.goto(demo + CONTRACT + "?status=cancelled&goal=3")
    assert response.status == 200
    assert page.locator(".mbd-commitment").count() == 0
    assert_accessible(page)


def test_contract_progress_charts_are_accessible(page, demo):
    page.goto(demo + CONTRACT)
    assert page.locator(".mbd-chart-figure svg").count() >= 1
    assert_accessible(page)


def test_rate_limited_contribution_is_accessible(page, demo, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_RATE_LIMIT_PER_IP = 0
    page.goto(demo + PROCESS)
    page.fill("#id_text", "En synpunkt för mycket")
    page.fill("#id_email", "anna@example.se")
    page.check("#id_consent")
    with page.expect_navigation() as navigation:
        page.click("#mbd-contribution-form button[type=submit]")
    assert navigation.value.status == 429
    assert "många synpunkter" in page.locator(".mbd-error-summary").inner_text()
    assert page.input_value("#id_text") == "En synpunkt för mycket"
    assert_accessible(page)
