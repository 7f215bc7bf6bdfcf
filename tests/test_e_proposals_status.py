"""Every status change of an e-proposal, its clocks, its counts and the e-mails it sends."""

import datetime
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.e_proposal_helpers import DECISION, make_index, make_proposal, open_proposal, sign
from wagtail_medborgardialog.e_proposals import status
from wagtail_medborgardialog.models import (
    Decision,
    EProposal,
    EProposalStatus,
    Signature,
    ThresholdKind,
)
from wagtail_medborgardialog.models.decisions import DecisionKind
from wagtail_medborgardialog.models.e_proposals import add_months

pytestmark = pytest.mark.django_db
S = EProposalStatus


@pytest.fixture
def index(home):
    return make_index(home)


def actions(proposal):
    return list(
        ModelLogEntry.objects.filter(object_id=str(proposal.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_new_index_starts_with_the_swedish_screening_criteria(index):
    texts = list(index.screening_criteria.values_list("text", flat=True))
    assert len(texts) == 5
    assert texts[0] == "Förslaget gäller ett enskilt ärende eller myndighetsutövning."


def test_threshold_as_per_mille_of_the_population(home):
    index = make_index(
        home,
        slug="lulea",
        threshold_kind=ThresholdKind.PER_MILLE,
        threshold_per_mille="1.00",
        population=79_800,
    )
    assert index.current_threshold() == 80
    proposal = open_proposal(index)
    assert proposal.threshold == 80
    # Frozen at opening: a new population figure does not move an open proposal's goal.
    index.population = 100_000
    index.save()
    proposal.refresh_from_db()
    assert proposal.threshold == 80


def test_confirm_then_publish_opens_the_window_and_freezes_the_threshold(index, run_on_commit):
    proposal = make_proposal(index)
    status.confirm(proposal)
    assert EProposal.objects.get(pk=proposal.pk).status == S.SCREENING
    status.publish(proposal, None)
    proposal.refresh_from_db()
    assert proposal.status == S.OPEN
    assert proposal.threshold == 3
    assert proposal.window_ends_at - proposal.opened_at == timedelta(days=index.window_days)
    assert proposal.is_open()
    assert [m.to for m in mail.outbox] == [["anna@example.se"]]
    assert mail.outbox[0].to == ["anna@example.se"] and "/e-forslag/" in mail.outbox[0].body
    assert actions(proposal)[-2:] == [
        "wagtail_medborgardialog.e_proposal.confirm",
        "wagtail_medborgardialog.e_proposal.publish",
    ]


def test_refuse_names_a_criterion_and_the_proposer_is_told_why(index, run_on_commit):
    proposal = make_proposal(index)
    status.confirm(proposal)
    criterion = index.screening_criteria.first()
    status.refuse(proposal, None, criterion, "Gäller ett enskilt bygglov.")
    proposal.refresh_from_db()
    assert proposal.status == S.REFUSED
    assert proposal.refusal_criterion_text == criterion.text
    assert "Gäller ett enskilt bygglov." in mail.outbox[-1].body
    assert criterion.text in mail.outbox[-1].body


def test_refusal_with_another_index_criterion_is_refused(index, home):
    other = make_index(home, slug="annat", title="Annat")
    proposal = make_proposal(index)
    status.confirm(proposal)
    with pytest.raises(status.IllegalTransition):
        status.refuse(proposal, None, other.screening_criteria.first(), "x")
    assert EProposal.objects.get(pk=proposal.pk).status == S.SCREENING


@pytest.mark.parametrize(
    "move",
    [
        lambda p, i: status.publish(p, None),
        lambda p, i: status.refer(p, None, DECISION),
        lambda p, i: status.answer(p, None, "bifall", DECISION),
        lambda p, i: status.close(p),
        lambda p, i: status.end_window(p),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_error(index, move):
    proposal = make_proposal(index)  # submitted, not confirmed
    with pytest.raises(status.IllegalTransition) as refused:
        move(proposal, index)
    assert "Väntar på att förslagsställaren bekräftar" in str(refused.value)
    assert EProposal.objects.get(pk=proposal.pk).status == S.SUBMITTED
    assert Decision.objects.count() == 0


def test_confirming_twice_is_refused(index):
    proposal = make_proposal(index)
    status.confirm(proposal)
    with pytest.raises(status.IllegalTransition):
        status.confirm(proposal)


def test_the_threshold_passes_the_proposal_starts_the_answer_clock_and_tells_at_50_and_100(
    index, run_on_commit
):
    index.threshold_number = 4
    index.answer_deadline_months = 6
    index.save()
    proposal = open_proposal(index)
    mail.outbox.clear()
    sign(proposal, "a@example.se")
    assert mail.outbox == []
    sign(proposal, "b@example.se")
    assert len(mail.outbox) == 1 and "2" in mail.outbox[0].body
    sign(proposal, "c@example.se")
    assert len(mail.outbox) == 1
    sign(proposal, "d@example.se")
    proposal.refresh_from_db()
    assert proposal.status == S.PASSED
    assert proposal.signature_count == 4
    assert proposal.answer_due == add_months(timezone.localdate(proposal.passed_at), 6)
    assert len(mail.outbox) == 2 and str(proposal.answer_due.year) in mail.outbox[1].body
    # Signing has stopped.
    with pytest.raises(status.SigningClosed):
        sign(proposal, "e@example.se")


def test_unconfirmed_signatures_do_not_count_until_confirmed(index):
    proposal = open_proposal(index)
    signature = sign(proposal, "a@example.se", confirmed=False)
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 0
    assert status.confirm_signature(signature) is True
    assert status.confirm_signature(signature) is False  # a second click counts nothing
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 1
    # The address was needed only for the link.
    assert Signature.objects.get(pk=signature.pk).email == ""


def test_the_same_person_signs_once(index):
    proposal = open_proposal(index)
    sign(proposal, "a@example.se")
    with pytest.raises(status.AlreadySigned):
        sign(proposal, " A@Example.SE ")
    assert Signature.objects.filter(proposal=proposal).count() == 1
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 1


def test_withdrawal_deletes_the_row_and_keeps_the_count_right(index):
    proposal = open_proposal(index)
    first = sign(proposal, "a@example.se")
    sign(proposal, "b@example.se")
    assert status.withdraw_signature(first) is True
    proposal.refresh_from_db()
    assert proposal.signature_count == 1 and proposal.online_count == 1
    assert not Signature.objects.filter(pk=first.pk).exists()
    assert status.withdraw_signature(first) is False
    # Withdrawn, the person may sign again.
    sign(proposal, "a@example.se")
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 2


def test_no_withdrawal_or_signing_after_the_window(index):
    proposal = open_proposal(index)
    signature = sign(proposal, "a@example.se")
    later = proposal.window_ends_at + timedelta(seconds=1)
    with pytest.raises(status.SigningClosed):
        status.withdraw_signature(signature, now=later)
    with pytest.raises(status.SigningClosed):
        sign(proposal, "b@example.se", now=later)
    assert EProposal.objects.get(pk=proposal.pk).signature_count == 1


def test_end_windows_marks_ended_proposals_not_passed(index, run_on_commit):
    proposal = open_proposal(index)
    still_open = open_proposal(index, title="Annat förslag")
    with pytest.raises(status.IllegalTransition):
        status.end_window(proposal)
    assert status.end_windows(now=proposal.window_ends_at - timedelta(seconds=1)) == 0
    EProposal.objects.filter(pk=still_open.pk).update(
        window_ends_at=proposal.window_ends_at + timedelta(days=5)
    )
    assert status.end_windows(now=proposal.window_ends_at) == 1
    assert EProposal.objects.get(pk=proposal.pk).status == S.NOT_PASSED
    assert EProposal.objects.get(pk=still_open.pk).status == S.OPEN
    assert mail.outbox[-1].to == ["anna@example.se"]
    status.close(proposal)
    assert EProposal.objects.get(pk=proposal.pk).status == S.CLOSED


def test_referral_and_answer_are_decisions_on_record_and_signers_who_asked_are_told(
    index, run_on_commit
):
    proposal = open_proposal(index)
    sign(proposal, "a@example.se", wants_outcome=True)
    sign(proposal, "b@example.se")
    sign(proposal, "c@example.se", wants_outcome=True)
    proposal.refresh_from_db()
    assert proposal.status == S.PASSED
    status.refer(proposal, None, DECISION)
    referral = Decision.objects.get(kind=DecisionKind.PROPOSAL_REFERRAL)
    assert referral.page_id == index.pk and referral.page_title == proposal.title
    assert referral.case_number == "KS 2026/12"
    mail.outbox.clear()
    status.answer(proposal, None, "bifall", {**DECISION, "decided_text": "Bänkar sätts upp."})
    proposal.refresh_from_db()
    assert proposal.status == S.ANSWERED and proposal.answer_kind == "bifall"
    assert proposal.answer.kind == DecisionKind.RESPONSE
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["a@example.se", "anna@example.se", "c@example.se"]
    assert all("Bänkar sätts upp." in m.body for m in mail.outbox)
    # The addresses were kept only for that message.
    assert not Signature.objects.exclude(email="").exists()
    assert list(Decision.objects.for_page(index).values_list("kind", flat=True)) == [
        DecisionKind.RESPONSE,
        DecisionKind.PROPOSAL_REFERRAL,
    ] or set(Decision.objects.for_page(index).values_list("kind", flat=True)) == {
        DecisionKind.RESPONSE,
        DecisionKind.PROPOSAL_REFERRAL,
    }
    status.close(proposal)
    assert EProposal.objects.get(pk=proposal.pk).status == S.CLOSED


def test_answer_clock_and_days_overdue(index):
    proposal = open_proposal(index)
    for email in ("a@example.se", "b@example.se", "c@example.se"):
        sign(proposal, email)
    proposal.refresh_from_db()
    due = proposal.answer_due
    assert proposal.days_overdue(due) == 0
    assert proposal.days_overdue(due + timedelta(days=10)) == 10
    status.refer(proposal, None, DECISION)
    proposal.refresh_from_db()
    assert proposal.days_overdue(due + timedelta(days=3)) == 3
    status.answer(proposal, None, "avslag", DECISION)
    proposal.refresh_from_db()
    assert proposal.days_overdue(due + timedelta(days=3)) == 0


def test_add_months_keeps_to_the_month_end():
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 3, 4), -12) == datetime.date(2025, 3, 4)
