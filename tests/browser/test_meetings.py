"""A citizen's meeting journey in Chromium, with axe-core at 0 violations on every page:
find a meeting → register → confirm → cancel → the first on the waiting list gets the place
and an e-mail. Also the form with errors, a closed form and the network page."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.axe import assert_accessible

NORRBY = "/medborgardialoger/tillsammans-for-norrby/"


@pytest.fixture
def quick_forms(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0


@pytest.fixture
def small_meeting(demo):
    from wagtail_medborgardialog.models import DialogueProcessPage, Meeting

    norrby = DialogueProcessPage.objects.get(slug="tillsammans-for-norrby")
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    return Meeting.objects.create(
        page=norrby,
        title="Samtal om torget",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Norrby bibliotek",
        capacity=1,
        hearing_loop=True,
        contact_name="Karin Berg",
        contact_email="karin.berg@exempelkommun.se",
    )


def link_path(message):
    """The path of the personal link in ``message`` (e-mails take their host from the Site)."""
    link = re.search(r"https?://\S+/moten/(?:bekrafta|avboka)/\S+/", message.body).group(0)
    return urlsplit(link).path


def test_register_confirm_cancel_and_the_waiting_person_is_promoted(
    page, demo, small_meeting, quick_forms
):
    from wagtail_medborgardialog.meetings import registrations
    from wagtail_medborgardialog.models import Registration, RegistrationStatus

    page.goto(demo + NORRBY)
    assert page.locator("#mbd-meetings-title").inner_text() == "Kommande möten"
    assert_accessible(page)
    page.click("text=Samtal om torget")
    page.wait_for_load_state()
    assert "1 plats kvar" in page.content()
    assert_accessible(page)

    page.fill("#id_name", "Kim Berg")
    page.fill("#id_email", "kim@example.se")
    page.fill("#id_needs_food", "Vegetariskt")
    page.check("#id_consent")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Tack! Vi har skickat ett mejl" in page.content()
    assert_accessible(page)

    page.goto(demo + link_path(mail.outbox[-1]))
    assert page.locator("h1").inner_text() == "Bekräfta din anmälan"
    assert_accessible(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Du har en plats på mötet"
    assert_accessible(page)

    waiting = registrations.confirm(
        registrations.register(small_meeting, name="Lo Ek", email="lo@example.se")
    )
    assert waiting.status == RegistrationStatus.WAITLISTED
    mail.outbox.clear()

    page.click("text=Avboka min anmälan")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Avboka din anmälan"
    assert_accessible(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Din anmälan är avbokad"
    assert_accessible(page)

    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.CONFIRMED
    (told,) = mail.outbox
    assert told.to == ["lo@example.se"]
    assert "du stod först på väntelistan" in told.body


def test_form_with_errors_keeps_the_text_and_is_accessible(page, demo, small_meeting, quick_forms):
    page.goto(demo + NORRBY + f"moten/{small_meeting.pk}/")
    page.fill("#id_name", "Kim Berg")
    page.fill("#id_organisation", "Norrby IF")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".mbd-error-summary").count() == 1
    assert page.input_value("#id_organisation") == "Norrby IF"
    assert_accessible(page)


def test_closed_form_and_network_page_are_accessible(page, demo, small_meeting):
    small_meeting.registration_closed = True
    small_meeting.save()
    page.goto(demo + NORRBY + f"moten/{small_meeting.pk}/")
    assert "Intresseanmälan är stängd" in page.content()
    assert_accessible(page)

    page.goto(demo + "/natverket-for-samhallskontrakt/")
    assert "Intresseanmälan är stängd" in page.content()
    assert_accessible(page)


def test_the_information_meeting_page_registers_and_is_accessible(page, demo, quick_forms):
    from wagtail_medborgardialog.models import Registration, RegistrationStatus

    page.goto(demo + "/medborgardialoger/informationsmote-om-medborgardialog/")
    assert page.locator("h1").inner_text().startswith("Informationsmöte")
    assert "78 platser kvar" in page.content()
    assert_accessible(page)
    page.click("main .mbd-meeting-item a.mbd-button")
    page.wait_for_load_state()
    assert_accessible(page)

    page.fill("#id_name", "Kim Berg")
    page.fill("#id_email", "kim.info@example.se")
    page.check("#id_consent")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Tack! Vi har skickat ett mejl" in page.content()

    page.goto(demo + link_path(mail.outbox[-1]))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Du har en plats på mötet"
    assert_accessible(page)
    registration = Registration.objects.get(email="kim.info@example.se")
    assert registration.status == RegistrationStatus.CONFIRMED
