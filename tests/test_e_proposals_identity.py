"""The identity levels of signing: e-mail (see the journeys), e-identification through the
test provider, and paper signatures by personnummer de-duplicated against online ones."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from tests.e_proposal_helpers import make_index, open_proposal, sv
from wagtail_medborgardialog import identity, workflows
from wagtail_medborgardialog.models import EProposal, Signature

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_forms", "run_on_commit")]


def personnummer(born):
    """A valid (Luhn) personnummer of someone born on ``born``."""
    digits = born.strftime("%y%m%d") + "123"
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return born.strftime("%Y%m%d") + "123" + str((10 - total % 10) % 10)


@pytest.fixture
def eid(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_EID_PROVIDER = (
        "wagtail_medborgardialog.identity.TestEidProvider"
    )


@pytest.fixture
def index(home, eid):
    return make_index(home, identity_level=identity.IdentityLevel.EID, minimum_age=16)


def start_eid(client, index, proposal, **fields):
    html = client.get(f"{index.url}{proposal.pk}/").content.decode()
    form_ts = re.search(r'name="form_ts" value="([^"]+)"', html).group(1)
    assert 'name="declares_connection"' not in html  # the e-ID vouches instead
    response = client.post(
        f"{index.url}{proposal.pk}/", {"consent": "on", "form_ts": form_ts, **fields}
    )
    assert response.status_code == 200
    return re.search(r'<form method="post" action="([^"]+)"', response.content.decode()).group(1)


def test_eid_signature_is_counted_once_per_personnummer(client, index):
    proposal = open_proposal(index)
    adult = personnummer(datetime.date(1980, 5, 17))
    return_url = start_eid(client, index, proposal, display_name="Kalle")
    assert return_url.endswith(f"/{proposal.pk}/e-legitimation/retur/")
    response = client.post(return_url, {"personal_number": adult, "name": "Kalle K"})
    assert sv("Thank you for signing") in response.content.decode()
    signature = Signature.objects.get(proposal=proposal)
    assert signature.level == "eid" and signature.confirmed_at is not None
    assert signature.display_name == "Kalle"
    assert adult not in signature.identity_hash  # only the keyed hash is stored
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 1
    # The same person again, with the number written another way: not counted again.
    return_url = start_eid(client, index, proposal)
    response = client.post(
        return_url, {"personal_number": adult[2:8] + "-" + adult[8:], "name": "Kalle K"}
    )
    assert sv("You have already signed") in response.content.decode()
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 1


def test_eid_signer_under_the_minimum_age_is_refused(client, index):
    proposal = open_proposal(index)
    today = timezone.localdate()
    young = personnummer(today.replace(year=today.year - 15))
    return_url = start_eid(client, index, proposal)
    response = client.post(return_url, {"personal_number": young, "name": "Ung"})
    assert response.status_code == 403
    assert Signature.objects.count() == 0


def test_eid_return_without_starting_is_refused(client, index):
    proposal = open_proposal(index)
    response = client.post(
        f"{index.url}{proposal.pk}/e-legitimation/retur/",
        {"personal_number": personnummer(datetime.date(1980, 1, 1))},
    )
    assert response.status_code == 400
    assert Signature.objects.count() == 0


def test_eid_with_a_forged_number_signs_nothing(client, index):
    proposal = open_proposal(index)
    return_url = start_eid(client, index, proposal)
    response = client.post(return_url, {"personal_number": "19800101-0000"})
    assert response.status_code == 400
    assert Signature.objects.count() == 0


def test_paper_signature_by_personnummer_is_deduplicated_against_eid(client, index):
    workflows.setup_defaults()
    user = get_user_model().objects.create_user("handlaggare", "h@exempelkommun.se", "x")
    user.groups.add(Group.objects.get(name=workflows.MODERATORS))
    proposal = open_proposal(index)
    adult = personnummer(datetime.date(1970, 2, 3))
    return_url = start_eid(client, index, proposal)
    client.post(return_url, {"personal_number": adult, "name": "Eva"})
    client.force_login(user)
    url = reverse("wagtail_medborgardialog_e_proposal_action", args=[proposal.pk, "paper"])
    response = client.post(url, {"identifier": adult[2:], "signed_on": "2026-01-10"})
    assert response.status_code == 409
    assert 'id="id_identifier-error"' in response.content.decode()
    other = personnummer(datetime.date(1971, 2, 3))
    assert client.post(url, {"identifier": other, "signed_on": "2026-01-10"}).status_code == 302
    bad = client.post(url, {"identifier": "12345", "signed_on": "2026-01-10"})
    assert bad.status_code == 400
    proposal.refresh_from_db()
    assert (proposal.signature_count, proposal.online_count, proposal.paper_count) == (2, 1, 1)


def test_eid_level_without_a_provider_says_so_and_signs_nothing(client, home, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_EID_PROVIDER = None
    index = make_index(home, slug="utan-eid", identity_level=identity.IdentityLevel.EID)
    proposal = open_proposal(index)
    html = client.get(f"{index.url}{proposal.pk}/").content.decode()
    assert sv("Signing with e-identification is not available just now.") in html
    form_ts = re.search(r'name="form_ts" value="([^"]+)"', html)
    assert form_ts is None  # no form to send
    response = client.post(f"{index.url}{proposal.pk}/", {"consent": "on"})
    assert response.status_code in (400, 503)
    assert Signature.objects.count() == 0
