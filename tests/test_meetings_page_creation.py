"""Process leaders (the group medborgardialog_setup creates) create the first network page
where they may create dialogues, over HTTP in the admin; another site's leader cannot."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests import factories
from tests.test_contract_admin_scope import make_user, site_group
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import NetworkMember, NetworkPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


def add_url(model_name, parent):
    return reverse(
        "wagtailadmin_pages:add", args=["wagtail_medborgardialog", model_name, parent.pk]
    )


def inline(prefix, *rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
        data.update({f"{prefix}-{i}-ORDER": str(i + 1), f"{prefix}-{i}-id": ""})
    return data


def network_data(**changes):
    return {
        "title": "Nätverket för samhällskontrakt",
        "slug": "natverket",
        "description": '{"blocks": [], "entityMap": {}}',
        "interest_open": "on",
        "ask_organisation": "on",
        "ask_municipality": "on",
        "contact_name": "Sara Ek",
        "contact_email": "sara.ek@example.se",
        **inline("network_members", {"name": "Exempelkommun", "url": ""}),
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        **changes,
    }


@pytest.fixture
def leader(index):
    workflows.setup_defaults()
    return make_user("processledare", Group.objects.get(name=workflows.PROCESS_LEADERS))


def test_a_process_leader_creates_the_first_network_beside_the_dialogues(client, index, leader):
    client.force_login(leader)
    chooser = client.get(reverse("wagtailadmin_pages:add_subpage", args=[index.pk]))
    assert chooser.status_code == 200
    assert add_url("networkpage", index) in chooser.content.decode()

    assert client.get(add_url("networkpage", index)).status_code == 200
    response = client.post(add_url("networkpage", index), network_data())

    assert response.status_code == 302, response.content.decode()[:3000]
    network = NetworkPage.objects.get(slug="natverket")
    assert network.get_parent().pk == index.pk
    assert list(NetworkMember.objects.filter(page=network).values_list("name", flat=True)) == [
        "Exempelkommun"
    ]
    assert network.owner == leader


def test_another_sites_process_leader_cannot_create_one_here(client, index):
    other_home = factories.make_home(hostname="annan.example", title="Annankommun")
    other_index = factories.make_index(other_home, slug="dialoger")
    workflows.setup_defaults()
    outsider = make_user("leader-b", site_group(workflows.PROCESS_LEADERS, "b", other_index))
    client.force_login(outsider)

    response = client.post(add_url("networkpage", index), network_data())

    assert response.status_code in (302, 403)
    assert not NetworkPage.objects.filter(slug="natverket").exists()
