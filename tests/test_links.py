"""Links in e-mails and feeds work wherever the site runs."""

import datetime
import json

import icalendar
import pytest
from django.core import mail
from django.test import RequestFactory
from wagtail.models import Site

from tests import factories
from tests.test_contributions import form_data
from wagtail_medborgardialog.contributions import moderation
from wagtail_medborgardialog.links import absolute_url
from wagtail_medborgardialog.models import Contribution, ContributionStatus, DialogueProcessPage

S = ContributionStatus
pytestmark = pytest.mark.usefixtures("run_on_commit", "fast_forms")


def link_from(message, marker):
    return next(word for word in message.body.split() if marker in word)


def test_confirmation_link_from_the_email_confirms_the_contribution(client, process):
    response = client.post(process.url + "synpunkter/", form_data(), HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 302
    link = link_from(mail.outbox[0], "/bekrafta/")
    # The host the citizen used, not the Site record's (localhost, port 80).
    assert link.startswith("http://127.0.0.1:8000/medborgardialoger/nya-parken/bekrafta/")

    page = client.get(link, HTTP_HOST="127.0.0.1:8000")
    assert page.status_code == 200
    assert Contribution.objects.get().status == S.UNCONFIRMED  # a GET confirms nothing
    confirmed = client.post(link, HTTP_HOST="127.0.0.1:8000")
    assert confirmed.status_code == 200
    assert Contribution.objects.get().status == S.PENDING


def test_demo_site_matches_where_make_demo_serves(demo):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    page = DialogueProcessPage.objects.get(slug="nya-parken-i-norrby")
    assert page.get_full_url().startswith("http://127.0.0.1:8000/")


def test_load_demo_moves_an_older_demo_site_to_port_8000(demo):
    Site.objects.update(hostname="localhost", port=80)
    factories.load_demo()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)


def test_emails_sent_without_a_request_use_the_site_record(process):
    site = process.get_site()
    site.hostname, site.port = "dialog.exempelkommun.se", 443
    site.save()
    moderator = factories.make_moderator("moderator", process)
    contribution = factories.make_contribution(
        process, status=S.PENDING, notify_author=True, email="anna@example.se"
    )
    moderation.approve(contribution, moderator)
    assert "https://dialog.exempelkommun.se/medborgardialoger/nya-parken/" in mail.outbox[-1].body


def test_absolute_url_prefers_the_request(process):
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8000")
    assert absolute_url(process, request, "#x") == (
        "http://127.0.0.1:8000/medborgardialoger/nya-parken/#x"
    )
    assert absolute_url(process) == "http://localhost/medborgardialoger/nya-parken/"


def test_calendar_and_json_feeds_link_to_the_host_asked(client, contract):
    stakeholder = factories.make_stakeholder()
    factories.add_party(contract, stakeholder)
    factories.add_commitment(contract, stakeholder, due_date=datetime.date(2026, 10, 1))
    ics = client.get(contract.url + "kalender/", HTTP_HOST="127.0.0.1:8000")
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["URL"]).startswith("http://127.0.0.1:8000/")
    data = json.loads(client.get(contract.url + "data/", HTTP_HOST="127.0.0.1:8000").content)
    assert data["contract"]["url"].startswith("http://127.0.0.1:8000/")
