"""The e-proposal pages' cached parts (fragments.py) never show a stale count: the stored
counts change in the signature's transaction, and the index's list varies on a stamp that
changes when that transaction commits. Stored counts always equal a recount."""

import pytest
from django.db.models import Count, Q

from tests.e_proposal_helpers import make_index, open_proposal, sign, sv
from wagtail_medborgardialog import identity
from wagtail_medborgardialog.e_proposals import status
from wagtail_medborgardialog.e_proposals.views import scope
from wagtail_medborgardialog.models import EProposal, Signature

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_forms")]


@pytest.fixture
def index(home):
    return make_index(home, threshold_number=10)


def count_text(count, threshold=10):
    return sv("%(count)s of %(threshold)s signatures needed.", count=count, threshold=threshold)


def list_text(count, threshold=10):
    return sv("%(count)s of %(threshold)s signatures", count=count, threshold=threshold)


def assert_stored_equals_recount(proposal):
    stored = EProposal.objects.get(pk=proposal.pk)
    counted = Signature.objects.filter(proposal=proposal, confirmed_at__isnull=False).aggregate(
        total=Count("pk"),
        paper=Count("pk", filter=Q(channel="paper")),
        online=Count("pk", filter=Q(channel="online")),
    )
    assert (stored.signature_count, stored.paper_count, stored.online_count) == (
        counted["total"],
        counted["paper"],
        counted["online"],
    )


def test_the_index_and_the_proposal_page_show_each_new_signature_at_once(
    client, index, django_capture_on_commit_callbacks
):
    proposal = open_proposal(index)
    page_url = f"{index.url}{proposal.pk}/"
    assert list_text(0) in client.get(index.url).content.decode()
    assert count_text(0) in client.get(page_url).content.decode()
    # Served from the cache now; a signature (committed) must show anyway.
    assert list_text(0) in client.get(index.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sign(proposal, "berit@example.se", display_name="Berit")
    html = client.get(page_url).content.decode()
    assert count_text(1) in html and '<meter id="mbd-ep-meter" min="0" max="10" value="1"' in html
    assert "Berit" in html  # the names shown follow the count
    assert list_text(1) in client.get(index.url).content.decode()
    # Withdrawn: both pages go back.
    signature = Signature.objects.get(proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        status.withdraw_signature(signature)
    html = client.get(page_url).content.decode()
    assert count_text(0) in html and "Berit" not in html
    assert list_text(0) in client.get(index.url).content.decode()


def test_a_count_is_not_cached_under_a_stamp_before_its_transaction_commits(index):
    proposal = open_proposal(index)
    before = status.counts_stamp(index.pk)
    sign(proposal, "a@example.se")  # the test's transaction has not committed
    assert status.counts_stamp(index.pk) == before


def test_the_sign_form_is_cached_without_the_visitors_token_and_timestamp(client, index):
    proposal = open_proposal(index)
    first = client.get(f"{index.url}{proposal.pk}/").content.decode()
    second = client.get(f"{index.url}{proposal.pk}/").content.decode()
    for html in (first, second):
        # One fill-time value; no per-visitor CSRF token (the origin check guards the POST).
        assert html.count('name="form_ts"') == 1 and "csrfmiddlewaretoken" not in html
        assert sv("I live, work or study in %(place)s.", place="Exempelkommun") in html
    # A form sent back with errors is rendered afresh, with the visitor's input.
    response = client.post(f"{index.url}{proposal.pk}/", {"email": "inte-en-adress"})
    assert response.status_code == 400 and "inte-en-adress" in response.content.decode()


def test_stored_counts_equal_a_recount_after_every_kind_of_change(index, run_on_commit):
    proposal = open_proposal(index)
    sign(proposal, "a@example.se")
    sign(proposal, "b@example.se")
    pending = sign(proposal, "c@example.se", confirmed=False)
    assert_stored_equals_recount(proposal)
    status.confirm_signature(pending)
    assert_stored_equals_recount(proposal)
    status.add_signature(
        proposal,
        identity.identity_hash("email", "per@example.se", scope=scope(proposal)),
        level=identity.IdentityLevel.EMAIL,
        channel=identity.SignatureChannel.PAPER,
        confirmed=True,
    )
    assert_stored_equals_recount(proposal)
    status.withdraw_signature(Signature.objects.filter(proposal=proposal).first())
    assert_stored_equals_recount(proposal)
    with pytest.raises(status.AlreadySigned):
        sign(proposal, "b@example.se")
    assert_stored_equals_recount(proposal)
