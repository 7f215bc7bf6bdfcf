"""E-proposals over HTTP, as the real roles: a citizen proposes and signs, the moderators of
the index (a group medborgardialog_setup creates) screen, register paper signatures, refer
and answer. Another site's moderator gets 404 by id."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.e_proposal_helpers import make_index, make_proposal, open_proposal, sign, sv
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.e_proposals import status
from wagtail_medborgardialog.models import Decision, EProposal, EProposalStatus, Signature

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_forms", "run_on_commit")]
S = EProposalStatus
PASSWORD = "exempelkommun"


@pytest.fixture
def index(home):
    return make_index(home)


@pytest.fixture
def moderator(index):
    workflows.setup_defaults()
    user = get_user_model().objects.create_user("moderator", "mod@exempelkommun.se", PASSWORD)
    user.groups.add(Group.objects.get(name=workflows.MODERATORS))
    return user


@pytest.fixture
def other_moderator(moderator):
    """The moderator of a second site, with its own e-proposals index."""
    other_home = factories.make_home(hostname="annan.example", title="Annankommun")
    other_index = make_index(other_home, slug="e-forslag-annan")
    group = Group.objects.create(name="Annans moderatorer")
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="access_admin"))
    from wagtail_medborgardialog.models import GroupModerationPermission

    GroupModerationPermission.objects.create(group=group, page=other_index)
    user = get_user_model().objects.create_user("annan", "annan@example.se", PASSWORD)
    user.groups.add(group)
    return user


def form_ts(html):
    return re.search(r'name="form_ts" value="([^"]+)"', html).group(1)


def link(message, part):
    return re.search(rf"https?://[^\s]*/{part}/[\w-]+/", message.body).group(0)


def proposal_form(client, index, **overrides):
    html = client.get(index.url + "nytt/").content.decode()
    data = {
        "title": "Fler bänkar i Norrbyparken",
        "proposal": "Sätt upp fler bänkar längs gångvägen.",
        "why": "Äldre behöver vila.",
        "name": "Anna Andersson",
        "show_name": "on",
        "email": "anna@example.se",
        "consent": "on",
        "form_ts": form_ts(html),
    }
    data.update(overrides)
    return data


def test_propose_shows_similar_earlier_proposals_then_confirm_puts_it_in_screening(client, index):
    earlier = open_proposal(index, title="Bänkar i Norrbyparken")
    data = proposal_form(client, index)
    response = client.post(index.url + "nytt/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert sv("Before you send: similar proposals") in html
    assert earlier.title in html
    assert EProposal.objects.count() == 1  # nothing stored on the first step
    second = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    assert second["seen_similar"] == "True"
    response = client.post(index.url + "nytt/", second)
    assert sv("Check your e-mail") in response.content.decode()
    proposal = EProposal.objects.exclude(pk=earlier.pk).get()
    assert proposal.status == S.SUBMITTED
    assert proposal.title == "Fler bänkar i Norrbyparken" and proposal.why == "Äldre behöver vila."
    confirm = link(mail.outbox[-1], "bekrafta")
    assert sv("Confirm your proposal") in client.get(confirm).content.decode()
    assert EProposal.objects.get(pk=proposal.pk).status == S.SUBMITTED  # GET changes nothing
    response = client.post(confirm)
    assert sv("Thank you, your proposal is confirmed") in response.content.decode()
    assert EProposal.objects.get(pk=proposal.pk).status == S.SCREENING
    # Not public while screened.
    assert client.get(f"{index.url}{proposal.pk}/").status_code == 404
    # A second post of the link is harmless.
    assert client.post(confirm).status_code == 200


def test_bad_proposal_input_keeps_the_text_and_ties_errors_to_fields(client, index):
    data = proposal_form(client, index, title="", email="inte-en-adress")
    response = client.post(index.url + "nytt/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Sätt upp fler bänkar längs gångvägen." in html
    assert 'aria-describedby="id_title-error' in html
    assert 'id="id_email-error"' in html
    assert EProposal.objects.count() == 0


def test_honeypot_stops_the_proposal(client, index):
    data = proposal_form(client, index, website="http://spam.example", seen_similar="True")
    response = client.post(index.url + "nytt/", data)
    assert response.status_code == 400
    assert EProposal.objects.count() == 0


def test_invalid_confirmation_link_is_404_not_500(client, index):
    assert client.get(index.url + "bekrafta/inte-en-token/").status_code == 404


def sign_form(client, index, proposal, **overrides):
    html = client.get(f"{index.url}{proposal.pk}/").content.decode()
    data = {
        "email": "berit@example.se",
        "display_name": "",
        "consent": "on",
        "declares_connection": "on",
        "declares_age": "on",
        "form_ts": form_ts(html),
    }
    data.update(overrides)
    return data


def test_signing_by_email_counts_after_the_link_and_can_be_withdrawn(client, index):
    proposal = open_proposal(index)
    html = client.get(f"{index.url}{proposal.pk}/").content.decode()
    assert '<meter id="mbd-ep-meter" min="0" max="3" value="0"' in html
    assert sv("%(count)s of %(threshold)s signatures needed.", count=0, threshold=3) in html
    assert sv("I live, work or study in %(place)s.", place="Exempelkommun") in html
    response = client.post(
        f"{index.url}{proposal.pk}/", sign_form(client, index, proposal, display_name="Berit")
    )
    assert sv("Check your e-mail") in response.content.decode()
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 0
    message = mail.outbox[-1]
    assert message.to == ["berit@example.se"]
    confirm = link(message, "underskrift")
    client.post(confirm)
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 1
    html = client.get(f"{index.url}{proposal.pk}/").content.decode()
    assert sv("%(count)s of %(threshold)s signatures needed.", count=1, threshold=3) in html
    assert "Berit" in html  # the name the signer chose to show
    assert "berit@example.se" not in html
    # Signing again with the same address: the same answer, nothing counted twice.
    client.post(f"{index.url}{proposal.pk}/", sign_form(client, index, proposal))
    assert Signature.objects.filter(proposal=proposal).count() == 1
    withdraw = link(message, "aterkalla")
    assert sv("Withdraw your signature") in client.get(withdraw).content.decode()
    assert sv("Your signature is withdrawn") in client.post(withdraw).content.decode()
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 0
    assert client.post(withdraw).status_code == 404


def test_missing_declaration_keeps_the_input_and_says_why(client, index):
    proposal = open_proposal(index)
    data = sign_form(client, index, proposal)
    del data["declares_connection"]
    response = client.post(f"{index.url}{proposal.pk}/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "berit@example.se" in html
    assert 'id="id_declares_connection-error"' in html
    assert Signature.objects.count() == 0


def test_closed_window_is_said_plainly_and_refuses_signatures(client, index):
    proposal = open_proposal(index)
    data = sign_form(client, index, proposal)
    from django.utils import timezone

    EProposal.objects.filter(pk=proposal.pk).update(window_ends_at=timezone.now())
    html = client.get(f"{index.url}{proposal.pk}/").content.decode()
    assert sv("Closed: the signing window has ended.") in html
    assert 'name="email"' not in html
    response = client.post(f"{index.url}{proposal.pk}/", data)
    assert response.status_code == 409
    assert Signature.objects.count() == 0


def test_the_index_lists_public_proposals_with_filters_and_search(client, index):
    from wagtail_medborgardialog.models import Topic

    parks = Topic.objects.create(name="Parker", slug="parker")
    benches = open_proposal(index)
    benches.topics.add(parks)
    open_proposal(index, title="Längre öppettider på biblioteket", proposal="Öppet till 21.")
    hidden = make_proposal(index, title="Hemligt förslag")  # not confirmed
    html = client.get(index.url).content.decode()
    assert benches.title in html and "Längre öppettider" in html
    assert hidden.title not in html
    html = client.get(index.url + "?topic=parker").content.decode()
    assert benches.title in html and "Längre öppettider" not in html
    html = client.get(index.url + "?q=biblioteket").content.decode()
    assert benches.title not in html and "Längre öppettider" in html
    html = client.get(index.url + "?status=answered").content.decode()
    assert sv("No proposals match your filters.") in html


# --- the admin, as the moderators of the index -------------------------------------------------


def admin_url(name, *args):
    return reverse(f"wagtail_medborgardialog_{name}", args=args)


def test_moderator_screens_publishes_registers_paper_refers_and_answers(client, index, moderator):
    proposal = make_proposal(index)
    status.confirm(proposal)
    client.force_login(moderator)
    assert proposal.title in client.get(admin_url("e_proposals")).content.decode()
    html = client.get(admin_url("e_proposal", proposal.pk)).content.decode()
    assert sv("Publish for signing") in html
    response = client.post(admin_url("e_proposal_action", proposal.pk, "publish"))
    assert response.status_code == 302
    assert EProposal.objects.get(pk=proposal.pk).status == S.OPEN
    # A paper signature, then the same person online: refused as a duplicate.
    paper = admin_url("e_proposal_action", proposal.pk, "paper")
    response = client.post(paper, {"identifier": "Per@Example.se", "signed_on": "2026-01-10"})
    assert response.status_code == 302
    row = Signature.objects.get(proposal=proposal)
    assert row.channel == "paper" and row.registered_by == moderator
    assert str(row.signed_on) == "2026-01-10"
    with pytest.raises(status.AlreadySigned):
        sign(proposal, "per@example.se")
    response = client.post(paper, {"identifier": "per@example.se", "signed_on": "2026-01-11"})
    assert response.status_code == 409
    assert 'id="id_identifier-error"' in response.content.decode()
    sign(proposal, "a@example.se")
    sign(proposal, "b@example.se")
    proposal.refresh_from_db()
    assert proposal.status == S.PASSED and proposal.paper_count == 1
    # The awaiting-answer report and its export.
    report = client.get(admin_url("e_proposals_report")).content.decode()
    assert proposal.title in report
    csv = b"".join(client.get(admin_url("e_proposals_report") + "?format=csv").streaming_content)
    assert proposal.title.encode() in csv
    decision = {
        "decided_text": "Överlämnas till tekniska nämnden.",
        "deciding_body": "Kommunfullmäktige",
        "decision_date": "2026-02-01",
        "case_number": "KS 2026/7",
        "minutes_paragraph": "12",
    }
    bad = client.post(admin_url("e_proposal_action", proposal.pk, "refer"), {})
    assert bad.status_code == 400
    client.post(admin_url("e_proposal_action", proposal.pk, "refer"), decision)
    assert EProposal.objects.get(pk=proposal.pk).status == S.REFERRED
    client.post(
        admin_url("e_proposal_action", proposal.pk, "answer"),
        {**decision, "answer_kind": "besvarad", "decided_text": "Besvarat."},
    )
    proposal.refresh_from_db()
    assert proposal.status == S.ANSWERED and proposal.answer_kind == "besvarad"
    assert Decision.objects.filter(page=index).count() == 2
    assert proposal.title not in client.get(admin_url("e_proposals_report")).content.decode()
    # A double post of the answer: a clear refusal, not a 500.
    again = client.post(
        admin_url("e_proposal_action", proposal.pk, "answer"),
        {**decision, "answer_kind": "bifall"},
    )
    assert again.status_code == 409
    html = client.get(f"{index.url}{proposal.pk}/").content.decode()
    assert "Besvarat." in html and sv("Answered (besvarad)") in html


def test_moderator_refuses_with_a_criterion(client, index, moderator):
    proposal = make_proposal(index)
    status.confirm(proposal)
    client.force_login(moderator)
    criterion = index.screening_criteria.first()
    response = client.post(admin_url("e_proposal_action", proposal.pk, "refuse"), {"reason": "x"})
    assert response.status_code == 400
    client.post(
        admin_url("e_proposal_action", proposal.pk, "refuse"),
        {"criterion": criterion.pk, "reason": "Gäller ett bygglov."},
    )
    assert EProposal.objects.get(pk=proposal.pk).status == S.REFUSED
    assert "Gäller ett bygglov." in mail.outbox[-1].body


def test_another_sites_moderator_gets_404_by_id(client, index, other_moderator):
    proposal = make_proposal(index)
    status.confirm(proposal)
    client.force_login(other_moderator)
    assert proposal.title not in client.get(admin_url("e_proposals")).content.decode()
    assert client.get(admin_url("e_proposal", proposal.pk)).status_code == 404
    assert client.get(admin_url("e_proposals")).status_code == 200
    for action in ("publish", "refuse", "paper", "refer", "answer", "close"):
        assert client.post(admin_url("e_proposal_action", proposal.pk, action)).status_code == 404
    assert client.get(admin_url("e_proposal", "x")).status_code == 404
    assert EProposal.objects.get(pk=proposal.pk).status == S.SCREENING


def test_a_user_without_moderation_right_sees_nothing(client, index):
    workflows.setup_defaults()
    user = get_user_model().objects.create_user("beslut", "b@exempelkommun.se", PASSWORD)
    user.groups.add(Group.objects.get(name=workflows.DECIDING_BODY))
    proposal = make_proposal(index)
    client.force_login(user)
    assert client.get(admin_url("e_proposal", proposal.pk)).status_code in (302, 403, 404)


def test_the_index_page_edits_in_the_admin_with_its_rules_tab(admin_client, index):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[index.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="threshold_number"' in html
    assert 'name="screening_criteria-0-text"' in html


def test_referral_and_answer_are_listed_in_the_decision_register(client, index, moderator):
    deciding = get_user_model().objects.create_user("ledamot", "l@exempelkommun.se", PASSWORD)
    deciding.groups.add(Group.objects.get(name=workflows.DECIDING_BODY))
    proposal = open_proposal(index)
    for email in ("a@example.se", "b@example.se", "c@example.se"):
        sign(proposal, email)
    from tests.e_proposal_helpers import DECISION

    status.refer(proposal, None, DECISION)
    status.answer(proposal, None, "bifall", {**DECISION, "case_number": "KS 2026/99"})
    client.force_login(deciding)
    html = client.get(reverse("medborgardialog_decisions:index")).content.decode()
    assert "KS 2026/12" in html and "KS 2026/99" in html
