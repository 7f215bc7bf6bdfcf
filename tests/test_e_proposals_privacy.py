"""Retention of signers' personal data, similar proposals and the repeat ban, bursts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.e_proposal_helpers import DECISION, make_index, make_proposal, open_proposal, sign
from wagtail_medborgardialog.e_proposals import retention, similar, status
from wagtail_medborgardialog.models import EProposal, EProposalStatus, Signature

pytestmark = pytest.mark.django_db
S = EProposalStatus


@pytest.fixture
def index(home):
    return make_index(home)


def answered(index):
    proposal = open_proposal(index)
    sign(proposal, "a@example.se", display_name="Anna", wants_outcome=True)
    sign(proposal, "b@example.se")
    sign(proposal, "c@example.se")
    status.refer(proposal, None, DECISION)
    status.answer(proposal, None, "avslag", DECISION)
    proposal.refresh_from_db()
    return proposal


def test_retention_deletes_signatures_after_the_answer_and_keeps_the_counts(index, settings):
    settings.WAGTAIL_MEDBORGARDIALOG_E_PROPOSAL_RETENTION_DAYS = 30
    proposal = answered(index)
    still = open_proposal(index, title="Pågående")
    sign(still, "a@example.se")
    assert retention.cull(proposal.answered_at + timedelta(days=29)) == (0, 0)
    assert retention.cull(proposal.answered_at + timedelta(days=31)) == (1, 3)
    proposal.refresh_from_db()
    assert not Signature.objects.filter(proposal=proposal).exists()
    assert proposal.signature_count == 3 and proposal.online_count == 3
    assert proposal.proposer_email == "" and proposal.personal_data_removed_at
    assert proposal.proposer_name == "Anna Andersson"  # shown publicly, kept with the record
    assert Signature.objects.filter(proposal=still).count() == 1
    assert retention.cull(proposal.answered_at + timedelta(days=40)) == (0, 0)


def test_the_retention_command_ends_windows_and_culls(index, settings, tmp_path):
    settings.WAGTAIL_MEDBORGARDIALOG_E_PROPOSAL_RETENTION_DAYS = 0
    proposal = answered(index)
    ended = open_proposal(index, title="Utgånget")
    EProposal.objects.filter(pk=ended.pk).update(window_ends_at=timezone.now())
    call_command("medborgardialog_retention", archive_dir=str(tmp_path))
    assert EProposal.objects.get(pk=ended.pk).status == S.NOT_PASSED
    assert not Signature.objects.filter(proposal=proposal).exists()
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 3


def test_unconfirmed_proposals_and_signatures_are_deleted_after_the_link_expired(index):
    stale = make_proposal(index, title="Aldrig bekräftat")
    proposal = open_proposal(index)
    unconfirmed = sign(proposal, "a@example.se", confirmed=False)
    later = timezone.now() + timedelta(days=30)
    assert retention.delete_unconfirmed(later) == (1, 1)
    assert not EProposal.objects.filter(pk=stale.pk).exists()
    assert not Signature.objects.filter(pk=unconfirmed.pk).exists()
    assert EProposal.objects.filter(pk=proposal.pk).exists()


def test_similar_proposals_warn_and_mark_the_repeat_ban(index):
    old = open_proposal(index, title="Fler bänkar i parken", proposal="Bänkar längs gångvägen.")
    EProposal.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=800))
    recent = open_proposal(
        index, title="Bänkar vid lekplatsen", proposal="Fler bänkar i parken vid lekplatsen."
    )
    open_proposal(index, title="Längre öppettider", proposal="Biblioteket öppet till 21.")
    make_proposal(index, title="Fler bänkar i parken nu")  # unconfirmed: never shown
    found = similar.similar_proposals(index, "Fler bänkar i parken", "Bänkar längs gångvägen")
    titles = [p.title for p in found]
    assert titles[0] == "Fler bänkar i parken"
    assert "Bänkar vid lekplatsen" in titles
    assert "Längre öppettider" not in titles and "Fler bänkar i parken nu" not in titles
    bans = {p.pk: p.within_repeat_ban for p in found}
    assert bans[old.pk] is False and bans[recent.pk] is True
    assert similar.similar_proposals(index, "Helt annat ämne om skatter") == []


def test_a_burst_from_one_network_is_flagged_to_moderators_and_counted(
    index, settings, run_on_commit, django_user_model
):
    from django.contrib.auth.models import Group

    from wagtail_medborgardialog import workflows

    workflows.setup_defaults()
    moderator = django_user_model.objects.create_user("mod", "mod@exempelkommun.se", "x")
    moderator.groups.add(Group.objects.get(name=workflows.MODERATORS))
    settings.WAGTAIL_MEDBORGARDIALOG_E_PROPOSAL_BURST_LIMIT = 3
    index.threshold_number = 100
    index.save()
    proposal = open_proposal(index)
    mail.outbox.clear()
    for n in range(4):
        sign(proposal, f"s{n}@example.se", network_hash="samma-nat")
    sign(proposal, "annan@example.se", network_hash="annat-nat")
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 5  # nothing dropped
    assert [m.to for m in mail.outbox] == [["mod@exempelkommun.se"]]
    assert (
        ModelLogEntry.objects.filter(
            object_id=str(proposal.pk), action="wagtail_medborgardialog.e_proposal.burst"
        ).count()
        == 1
    )
