"""Reports ("Anmäl"): every report alerts moderators; only many networks hide a contribution."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests import factories
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import ContributionReport, ContributionStatus
from wagtail_medborgardialog.privacy.network import hash_network

S = ContributionStatus
EDIT = "wagtailsnippets_wagtail_medborgardialog_contribution:edit"
pytestmark = pytest.mark.usefixtures("run_on_commit")


@pytest.fixture
def moderator(process):
    """A process leader (Processledare), the group that moderates by default."""
    workflows.setup_defaults()
    user = get_user_model().objects.create_user("processledare", "moderator@example.se", "pw")
    user.groups.add(Group.objects.get(name=workflows.PROCESS_LEADERS))
    return user


@pytest.fixture
def published(process, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_REPORT_THRESHOLD = 3
    return factories.make_contribution(process, text="Något som någon inte gillar")


def report_from(client, contribution, *addresses):
    url = contribution.page.url + f"anmal/{contribution.pk}/"
    for address in addresses:
        response = client.post(url, {"reason": "Bryter mot reglerna"}, REMOTE_ADDR=address)
        assert response.status_code == 302
    contribution.refresh_from_db()
    return contribution.status


def test_each_report_alerts_the_moderators(client, published, moderator):
    assert report_from(client, published, "192.0.2.10") == S.PUBLISHED
    assert [message.to for message in mail.outbox] == [["moderator@example.se"]]
    assert "anmälts" in mail.outbox[0].body or "reported" in mail.outbox[0].body


def test_reports_from_three_networks_send_it_back_to_moderation(client, published):
    assert report_from(client, published, "192.0.2.10", "198.51.100.10") == S.PUBLISHED
    assert report_from(client, published, "203.0.113.10") == S.PENDING


def test_three_addresses_of_one_network_do_not_hide_a_contribution(client, published):
    assert report_from(client, published, "192.0.2.10", "192.0.2.11", "192.0.2.200") == (
        S.PUBLISHED
    )
    assert published.reports.count() == 3


def test_ipv6_addresses_of_one_48_network_count_once(client, published):
    addresses = ["2001:db8:1:1::1", "2001:db8:1:2::1", "2001:db8:1:ffff::1"]
    assert report_from(client, published, *addresses) == S.PUBLISHED
    assert report_from(client, published, "2001:db8:2::1", "2001:db8:3::1") == S.PENDING


def test_empty_remote_addr_does_not_count_as_a_reporter(client, published):
    assert report_from(client, published, "", "", "") == S.PUBLISHED
    assert report_from(client, published, "192.0.2.10", "198.51.100.10") == S.PUBLISHED


def test_reports_outside_the_window_do_not_count(client, published, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_REPORT_WINDOW = 60 * 60
    published.published_at = timezone.now() - timedelta(days=3)
    published.save()
    for address in ("192.0.2.10", "198.51.100.10"):
        ContributionReport.objects.create(
            contribution=published,
            network_hash=hash_network(address),
            created_at=timezone.now() - timedelta(hours=2),
        )
    assert report_from(client, published, "203.0.113.10") == S.PUBLISHED


def test_network_hash_is_of_the_network_not_the_address_and_keeps_across_days():
    assert hash_network("192.0.2.10") == hash_network("192.0.2.250")
    assert hash_network("192.0.2.10") != hash_network("192.0.3.10")
    assert hash_network("::ffff:192.0.2.10") == hash_network("192.0.2.10")
    assert "192.0.2" not in hash_network("192.0.2.10")
    assert hash_network("") == hash_network("not an address") == ""


def test_reapproval_after_reports_makes_it_immune_to_those_reports(client, published, moderator):
    addresses = ("192.0.2.10", "198.51.100.10", "203.0.113.10")
    assert report_from(client, published, *addresses) == S.PENDING
    client.force_login(moderator)
    response = client.post(reverse(EDIT, args=[published.pk]), {"action": "approve"})
    assert response.status_code == 302
    client.logout()

    # The same networks again, on another day too, cannot hide it a second time.
    assert report_from(client, published, *addresses) == S.PUBLISHED
    # Three new networks can.
    assert report_from(client, published, "192.0.5.1", "192.0.6.1") == S.PUBLISHED
    assert report_from(client, published, "192.0.7.1") == S.PENDING
