"""Error e-mails to ADMINS carry no personal data of the citizen whose request failed."""

import pytest
from django.core import mail
from django.test import Client
from django.views.debug import get_default_exception_reporter_filter

from wagtail_medborgardialog import antispam
from wagtail_medborgardialog.contributions import views

pytestmark = pytest.mark.django_db

FILTER = "wagtail_medborgardialog.error_reports.PersonalDataExceptionReporterFilter"


@pytest.fixture(autouse=True)
def _fresh_reporter_filter():
    """Django caches the filter it builds from DEFAULT_EXCEPTION_REPORTER_FILTER."""
    get_default_exception_reporter_filter.cache_clear()
    yield
    get_default_exception_reporter_filter.cache_clear()


def fail_while_submitting(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views.moderation, "submit", broken)


def post_contribution(process):
    client = Client(raise_request_exception=False, REMOTE_ADDR="198.51.100.23")
    return client.post(
        process.url + "synpunkter/",
        {
            "text": "Min granne Per Persson bråkar om parkeringen.",
            "display_name": "Karin Karlsson",
            "organisation": "",
            "email": "karin.karlsson@example.se",
            "consent": "on",
            "website": "",
            "form_ts": antispam.make_timestamp(),
        },
    )


def test_error_mail_to_admins_stars_out_what_the_citizen_sent_and_their_address(
    process, settings, monkeypatch, fast_forms
):
    settings.ADMINS = [("Driften", "drift@exempelkommun.se")]
    settings.DEFAULT_EXCEPTION_REPORTER_FILTER = FILTER
    fail_while_submitting(monkeypatch)
    assert post_contribution(process).status_code == 500
    (report,) = mail.outbox
    assert report.to == ["drift@exempelkommun.se"]
    assert "the database went away" in report.body
    for personal in ("karin.karlsson@example.se", "Karin Karlsson", "Per Persson", "198.51.100.23"):
        assert personal not in report.body
    assert "********************" in report.body


def test_without_the_filter_django_would_mail_them(process, settings, monkeypatch, fast_forms):
    settings.ADMINS = [("Driften", "drift@exempelkommun.se")]
    fail_while_submitting(monkeypatch)
    post_contribution(process)
    (report,) = mail.outbox
    assert "karin.karlsson@example.se" in report.body
    assert "198.51.100.23" in report.body
