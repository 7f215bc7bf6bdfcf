"""A network page: members, its meeting series, and the intresseanmälan to join, verified by
e-mail, reviewed by the process leader and exported for the organiser."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.meeting_helpers import make_meeting
from tests.test_contract_admin_scope import body, make_user, site_group
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import (
    InterestStatus,
    NetworkInterest,
    NetworkMember,
    NetworkPage,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("run_on_commit", "fast_forms"),
]

INTERESTS = "medborgardialog_network_interests"


def make_network(parent, **fields):
    values = {
        "title": "Nätverket för samhällskontrakt",
        "slug": "natverket",
        "ask_phone": False,
        "ask_role": False,
        "contact_name": "Sara Ek",
        "contact_email": "sara.ek@example.se",
        **fields,
    }
    network = factories.add_page(parent, NetworkPage, **values)
    for i, name in enumerate(["Exempelkommun", "Grannkommun"]):
        NetworkMember.objects.create(page=network, name=name, sort_order=i)
    return network


def form_data(client, page, **overrides):
    html = client.get(page.url).content.decode()
    form_ts = re.search(r'name="form_ts" value="([^"]+)"', html).group(1)
    return {
        "name": "Lena Holm",
        "email": "lena@grannkommun.se",
        "organisation": "Grannkommun",
        "municipality": "Grannkommun",
        "message": "Vi vill vara med.",
        "consent": "on",
        "form_ts": form_ts,
        **overrides,
    }


def submit_url(page):
    return page.url + page.reverse_subpage("network_interest")


def test_network_page_shows_members_meetings_and_the_chosen_fields(client, index):
    network = make_network(index)
    make_meeting(network, title="Nätverksträff 1")
    make_meeting(network, title="Nätverksträff 0", days=-30)

    html = client.get(network.url).content.decode()

    assert "Grannkommun" in html
    assert "Nätverksträff 1" in html and "Nätverksträff 0" in html
    assert 'name="organisation"' in html and 'name="municipality"' in html
    assert 'name="phone"' not in html and 'name="role"' not in html


def test_interest_is_confirmed_by_email_then_reviewed_and_exported(client, index):
    network = make_network(index)
    workflows.setup_defaults()
    leader = make_user("leader", site_group(workflows.PROCESS_LEADERS, "a", index))

    response = client.post(submit_url(network), form_data(client, network))

    assert response.status_code == 302
    interest = NetworkInterest.objects.get()
    assert interest.status == InterestStatus.UNCONFIRMED
    assert interest.municipality == "Grannkommun"
    link = re.search(r"https?://\S+/intresse/bekrafta/\S+/", mail.outbox[-1].body).group(0)
    assert client.get(link).status_code == 200
    client.post(link)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.RECEIVED

    client.force_login(leader)
    response = client.post(
        reverse(f"{INTERESTS}:edit", args=[interest.pk]), {"status": InterestStatus.ACCEPTED}
    )
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED
    assert interest.reviewed_at is not None
    csv = body(client.get(reverse(f"{INTERESTS}:index") + "?export=csv"))
    assert "lena@grannkommun.se" in csv and "Vi vill vara med." in csv


def test_one_interest_per_person(client, index):
    network = make_network(index)
    client.post(submit_url(network), form_data(client, network))
    client.post(submit_url(network), form_data(client, network, email="LENA@grannkommun.se"))
    assert NetworkInterest.objects.count() == 1


def test_errors_by_field_keep_the_text(client, index):
    network = make_network(index)

    response = client.post(submit_url(network), form_data(client, network, email="fel"))

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_email-error"' in html
    assert "Vi vill vara med." in html


def test_a_closed_intresseanmalan_says_so_with_the_contact(client, index):
    network = make_network(index, interest_open=False)

    html = client.get(network.url).content.decode()

    assert "Intresseanmälan är stängd" in html
    assert "sara.ek@example.se" in html
    assert 'name="email"' not in html
    response = client.post(submit_url(network), {"name": "X", "email": "x@example.se"})
    assert response.status_code == 403
    assert not NetworkInterest.objects.exists()


def test_another_sites_interest_by_id_is_404(client, index):
    network = make_network(index)
    other_home = factories.make_home(hostname="annan.example", title="Annankommun")
    other_index = factories.make_index(other_home, slug="dialoger")
    other = make_network(other_index, title="Annat nätverk")
    theirs = NetworkInterest.objects.create(page=network, name="Hemlig", email="h@example.se")
    workflows.setup_defaults()
    leader_b = make_user("leader-b", site_group(workflows.PROCESS_LEADERS, "b", other_index))
    client.force_login(leader_b)

    for view in ("edit", "inspect", "delete"):
        url = reverse(f"{INTERESTS}:{view}", args=[theirs.pk])
        assert client.get(url).status_code == 404
    assert "Hemlig" not in body(client.get(reverse(f"{INTERESTS}:index")))
    assert other.pk


# --- accepting or declining several at once ----------------------------------------------------


@pytest.fixture
def two_networks(index):
    network = make_network(index)
    other_home = factories.make_home(hostname="annan.example", title="Annankommun")
    other_index = factories.make_index(other_home, slug="dialoger")
    other = make_network(other_index, title="Annat nätverk", slug="annat")
    workflows.setup_defaults()

    def interest(page, name, status=InterestStatus.RECEIVED):
        return NetworkInterest.objects.create(
            page=page,
            name=name,
            email=f"{name.lower()}@example.se",
            organisation=f"{name} kommun",
            status=status,
        )

    return {
        "mine": [interest(network, "Ale"), interest(network, "Bjuv"), interest(network, "Eda")],
        "unconfirmed": interest(network, "Osby", InterestStatus.UNCONFIRMED),
        "theirs": interest(other, "Hemlig"),
        "leader": make_user("leader-a", site_group(workflows.PROCESS_LEADERS, "a", index)),
        "leader_b": make_user("leader-b", site_group(workflows.PROCESS_LEADERS, "b", other_index)),
        "moderator": make_user("mod-a", site_group(workflows.MODERATORS, "a", index)),
    }


def statuses(*interests):
    return [NetworkInterest.objects.get(pk=i.pk).status for i in interests]


def test_the_process_leader_accepts_and_declines_several_at_once(client, two_networks):
    ale, bjuv, eda = two_networks["mine"]
    client.force_login(two_networks["leader"])
    index_html = body(client.get(reverse(f"{INTERESTS}:index")))
    review = reverse(f"{INTERESTS}:review")
    assert review in index_html

    html = body(client.get(review))
    for name in ("Ale", "Bjuv", "Eda"):
        assert f">{name}</label>" in html
    assert "Osby" not in html  # not confirmed: nothing to decide on yet
    assert "Hemlig" not in html  # another site's

    response = client.post(review, {"interest": [ale.pk, bjuv.pk], "decision": "accept"})
    assert response.status_code == 302
    assert statuses(ale, bjuv, eda) == [
        InterestStatus.ACCEPTED,
        InterestStatus.ACCEPTED,
        InterestStatus.RECEIVED,
    ]
    assert NetworkInterest.objects.get(pk=ale.pk).reviewed_at is not None
    messages = body(client.get(response["Location"]))
    assert "2 intresseanmälningar accepted." in messages or "2 intresseanmälningar antagna" in (
        messages
    )

    client.post(review, {"interest": [eda.pk], "decision": "decline"})
    assert statuses(eda) == [InterestStatus.DECLINED]
    assert ">Eda</label>" not in body(client.get(review))


def test_nothing_chosen_changes_nothing_and_says_so(client, two_networks):
    client.force_login(two_networks["leader"])
    review = reverse(f"{INTERESTS}:review")

    response = client.post(review, {"decision": "accept"}, follow=True)

    assert response.status_code == 200
    assert "Choose at least one" in body(response) or "Välj minst en" in body(response)
    assert set(statuses(*two_networks["mine"])) == {InterestStatus.RECEIVED}


def test_another_sites_or_unconfirmed_ids_are_404_and_nothing_changes(client, two_networks):
    ale = two_networks["mine"][0]
    review = reverse(f"{INTERESTS}:review")
    client.force_login(two_networks["leader_b"])

    # Another site's leader: their own list holds only their network's row.
    html = body(client.get(review))
    assert "Hemlig" in html and "Ale" not in html
    for ids in ([ale.pk], [ale.pk, two_networks["theirs"].pk], ["x"]):
        response = client.post(review, {"interest": ids, "decision": "decline"})
        assert response.status_code == 404
    assert statuses(ale, two_networks["theirs"]) == [InterestStatus.RECEIVED] * 2

    client.force_login(two_networks["leader"])
    unconfirmed = two_networks["unconfirmed"]
    response = client.post(review, {"interest": [unconfirmed.pk], "decision": "accept"})
    assert response.status_code == 404
    assert statuses(unconfirmed) == [InterestStatus.UNCONFIRMED]
    assert client.post(review, {"interest": [ale.pk], "decision": "x"}).status_code == 404

    # One whose personal details the retention command removed is not decided on any more.
    NetworkInterest.objects.filter(pk=ale.pk).update(
        name="", email="", anonymised_at=ale.created_at
    )
    assert client.post(review, {"interest": [ale.pk], "decision": "accept"}).status_code == 404
    assert statuses(ale) == [InterestStatus.RECEIVED]


def test_a_moderator_without_the_permission_cannot_review(client, two_networks):
    client.force_login(two_networks["moderator"])
    review = reverse(f"{INTERESTS}:review")

    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard.
    refused = reverse("wagtailadmin_home")
    assert client.get(review)["Location"] == refused
    ale = two_networks["mine"][0]
    response = client.post(review, {"interest": [ale.pk], "decision": "accept"})
    assert response["Location"] == refused
    assert statuses(ale) == [InterestStatus.RECEIVED]
