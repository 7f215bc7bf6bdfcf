"""The default rate limits let a dialogue meeting on one shared network take part.

At a meeting in the library, everyone on the guest Wi-Fi posts from the same public address.
These tests use the plugin's defaults (no rate-limit setting overridden).
"""

import pytest

from tests.test_contributions import submit
from wagtail_medborgardialog import antispam
from wagtail_medborgardialog.conf import DEFAULTS
from wagtail_medborgardialog.models import Contribution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit", "fast_forms")]

LIBRARY_WIFI = {"REMOTE_ADDR": "203.0.113.40"}


def meeting_post(client, process, person, text=None):
    return client.post(
        process.url + "synpunkter/",
        {
            "text": text or f"Synpunkt från deltagare {person} på mötet i biblioteket.",
            "display_name": "",
            "organisation": "",
            "email": f"deltagare{person}@example.se",
            "consent": "on",
            "website": "",
            "form_ts": antispam.make_timestamp(),
        },
        **LIBRARY_WIFI,
    )


def test_eleven_people_on_the_librarys_shared_wifi_can_all_comment_in_the_same_hour(
    client, process
):
    for person in range(1, 12):
        response = meeting_post(client, process, person)
        assert response.status_code == 302, f"person {person} was refused"
    assert Contribution.objects.filter(page=process).count() == 11


def test_a_meeting_of_forty_on_one_address_is_accepted(client, process):
    for person in range(1, 41):
        assert meeting_post(client, process, person).status_code == 302
    assert Contribution.objects.filter(page=process).count() == 40


def test_the_default_per_address_limit_fits_a_large_meeting_and_is_still_a_limit():
    assert 60 <= DEFAULTS["RATE_LIMIT_PER_IP"] < 1000
    assert DEFAULTS["RATE_LIMIT_PERIOD"] == 60 * 60


def test_the_per_e_mail_limit_still_refuses_the_sixth_post_from_one_address(client, process):
    for n in range(5):
        response = submit(client, process, text=f"Min synpunkt nummer {n + 1}")
        assert response.status_code == 302
    response = submit(client, process, text="Min synpunkt nummer 6")
    assert response.status_code == 429
    assert "Min synpunkt nummer 6" in response.content.decode()
    assert Contribution.objects.filter(page=process).count() == 5
