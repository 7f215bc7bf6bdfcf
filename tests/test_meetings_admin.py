"""The meeting admin screens of two municipalities in one install, as the setup's roles.

Meetings are listed, opened and edited only on one's own site; registrations (personal data)
only by the process leaders who may moderate the page, and another site's rows answer 404 by
id. Nobody here is a superuser.
"""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.meeting_helpers import make_meeting, register
from tests.test_contract_admin_scope import body, make_user, options, site_group
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import (
    Contribution,
    ContributionChannel,
    Meeting,
    Registration,
    RegistrationStatus,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]

MEETINGS = "medborgardialog_meetings"
REGISTRATIONS = "medborgardialog_registrations"


@pytest.fixture
def sites(index, process):
    other_home = factories.make_home(hostname="annan.example", title="Annankommun")
    other_index = factories.make_index(other_home, slug="dialoger")
    other_process = factories.make_process(other_index, title="Annans park", slug="annans-park")
    workflows.setup_defaults()
    result = {}
    for key, idx, page, town in (
        ("a", index, process, "Norrby"),
        ("b", other_index, other_process, "Annanby"),
    ):
        meeting = make_meeting(page, title=f"Workshop i {town}", capacity=1)
        first = register(meeting, 1, name=f"Deltagare {town}", email=f"d@{town.lower()}.se")
        second = register(meeting, 2, name=f"Väntande {town}", email=f"v@{town.lower()}.se")
        result[key] = {
            "page": page,
            "meeting": meeting,
            "registrations": (first, second),
            "secrets": (f"Workshop i {town}", f"Deltagare {town}", f"d@{town.lower()}.se"),
            "leader": make_user(f"leader-{key}", site_group(workflows.PROCESS_LEADERS, key, idx)),
            "steering": make_user(
                f"steering-{key}", site_group(workflows.STEERING_GROUP, key, idx)
            ),
            "moderator": make_user(f"mod-{key}", site_group(workflows.MODERATORS, key, idx)),
        }
    return result


def test_the_process_leader_sees_and_exports_only_their_registrations(client, sites):
    mine, theirs = sites["b"], sites["a"]
    client.force_login(mine["leader"])
    for name, query in (
        (f"{REGISTRATIONS}:index", ""),
        (f"{REGISTRATIONS}:index", "?export=csv"),
        (f"{REGISTRATIONS}:index_results", "?status=waitlisted"),
        (f"{MEETINGS}:index", ""),
    ):
        response = client.get(reverse(name) + query)
        assert response.status_code == 200, name
        html = body(response)
        assert "Annanby" in html, (name, query)
        for secret in theirs["secrets"]:
            assert secret not in html, (name, query, secret)
    csv = body(client.get(reverse(f"{REGISTRATIONS}:index") + "?export=csv"))
    assert "d@annanby.se" in csv and "v@annanby.se" in csv
    html = body(client.get(reverse(f"{REGISTRATIONS}:index")))
    assert options(html, "meeting") == {str(mine["meeting"].pk)}


def test_registrations_are_closed_to_the_steering_group_and_moderators(client, sites):
    for role in ("steering", "moderator"):
        client.force_login(sites["a"][role])
        response = client.get(reverse(f"{REGISTRATIONS}:index"))
        assert response.status_code in (302, 403), role
        registration = sites["a"]["registrations"][0]
        response = client.get(reverse(f"{REGISTRATIONS}:inspect", args=[registration.pk]))
        assert response.status_code in (302, 403, 404), role


@pytest.mark.parametrize("view", ["edit", "inspect", "delete", "history"])
def test_another_sites_registration_by_id_is_404(client, sites, view):
    client.force_login(sites["b"]["leader"])
    theirs = sites["a"]["registrations"][0]
    assert client.get(reverse(f"{REGISTRATIONS}:{view}", args=[theirs.pk])).status_code == 404
    mine = sites["b"]["registrations"][0]
    assert client.get(reverse(f"{REGISTRATIONS}:{view}", args=[mine.pk])).status_code == 200


@pytest.mark.parametrize("role", ["leader", "steering"])
@pytest.mark.parametrize("view", ["edit", "inspect", "delete", "history"])
def test_another_sites_meeting_by_id_is_404(client, sites, role, view):
    client.force_login(sites["b"][role])
    theirs = sites["a"]["meeting"]
    assert client.get(reverse(f"{MEETINGS}:{view}", args=[theirs.pk])).status_code == 404
    if view != "delete" or role == "leader":
        mine = sites["b"]["meeting"]
        assert client.get(reverse(f"{MEETINGS}:{view}", args=[mine.pk])).status_code == 200


def meeting_form(page, **overrides):
    start = timezone.localtime() + datetime.timedelta(days=20)
    return {
        "page": page.pk,
        "title": "Öppet möte om biblioteket",
        "description": "",
        "starts_at": start.strftime("%Y-%m-%d 18:00"),
        "ends_at": start.strftime("%Y-%m-%d 20:00"),
        "place": "Stadshuset",
        "address": "",
        "accessibility_info": "",
        "online_url": "",
        "language": "sv",
        "capacity": "30",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "registration_enabled": "on",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "minutes": json.dumps({"blocks": [], "entityMap": {}}),
        "attendance": "",
        **overrides,
    }


def test_the_process_leader_adds_a_meeting_only_on_their_pages(client, sites):
    client.force_login(sites["b"]["leader"])
    url = reverse(f"{MEETINGS}:add")

    response = client.post(url, meeting_form(sites["a"]["page"]))
    assert response.status_code == 200  # the form again, with the error at the page
    assert not Meeting.objects.filter(title="Öppet möte om biblioteket").exists()

    response = client.post(url, meeting_form(sites["b"]["page"]))
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Öppet möte om biblioteket")
    assert meeting.page_id == sites["b"]["page"].pk
    assert meeting.capacity == 30


def test_raising_the_capacity_in_the_admin_promotes_the_waiting(client, sites):
    side = sites["a"]
    client.force_login(side["leader"])
    meeting = side["meeting"]
    data = meeting_form(side["page"], title=meeting.title, capacity="2")
    data["starts_at"] = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    data["ends_at"] = timezone.localtime(meeting.ends_at).strftime("%Y-%m-%d %H:%M")

    response = client.post(reverse(f"{MEETINGS}:edit", args=[meeting.pk]), data)

    assert response.status_code == 302
    waiting = Registration.objects.get(pk=side["registrations"][1].pk)
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_closing_by_hand_in_the_admin_closes_the_public_form(client, sites):
    side = sites["a"]
    client.force_login(side["leader"])
    meeting = side["meeting"]
    data = meeting_form(side["page"], title=meeting.title, capacity="1", registration_closed="on")
    client.post(reverse(f"{MEETINGS}:edit", args=[meeting.pk]), data)
    client.logout()

    page = side["page"]
    html = client.get(page.url + page.reverse_subpage("meeting_detail", args=[meeting.pk]))
    assert "Intresseanmälan är stängd" in html.content.decode()


def test_what_was_said_at_the_meeting_is_registered_as_a_contribution(client, sites):
    side = sites["a"]
    client.force_login(side["leader"])
    url = reverse("wagtailsnippets_wagtail_medborgardialog_contribution:add")
    data = {
        "page": side["page"].pk,
        "channel": ContributionChannel.MEETING,
        "meeting": side["meeting"].pk,
        "text": "Fler bänkar vid torget, sades vid bordet om trygghet.",
        "display_name": "",
        "organisation": "",
        "email": "",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    contribution = Contribution.objects.get(text__startswith="Fler bänkar")
    assert contribution.meeting_id == side["meeting"].pk
    assert side["meeting"].contributions.count() == 1

    other = dict(data, meeting=sites["b"]["meeting"].pk, text="Från fel möte")
    assert client.post(url, other).status_code == 200
    assert not Contribution.objects.filter(text="Från fel möte").exists()


def test_deleting_a_registration_with_a_place_promotes_the_waiting(client, sites):
    side = sites["a"]
    client.force_login(side["leader"])
    holder, waiting = side["registrations"]

    response = client.post(reverse(f"{REGISTRATIONS}:delete", args=[holder.pk]))

    assert response.status_code == 302
    assert not Registration.objects.filter(pk=holder.pk).exists()
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.CONFIRMED


def test_the_process_leader_deletes_a_meeting_of_their_site_only(client, sites):
    client.force_login(sites["b"]["leader"])
    theirs, mine = sites["a"]["meeting"], sites["b"]["meeting"]
    assert client.post(reverse(f"{MEETINGS}:delete", args=[theirs.pk])).status_code == 404
    assert client.post(reverse(f"{MEETINGS}:delete", args=[mine.pk])).status_code == 302
    assert set(Meeting.objects.values_list("pk", flat=True)) == {theirs.pk}
