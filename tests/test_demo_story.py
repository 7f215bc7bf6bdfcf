"""The demo tells one true story: what its pages say agrees with its data and with itself.

Each test is named after a contradiction the demo once had; they read the demo as built by
``load_demo`` and the pages as a visitor gets them.
"""

import re

from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Locale

from wagtail_medborgardialog.models import (
    AbstractBudgetPage,
    BudgetPage,
    CommitmentSource,
    CommitmentUpdate,
    CommunityContractPage,
    ConsultationPage,
    Contribution,
    ContributionChannel,
    Decision,
    DialogueIndexPage,
    DialogueProcessPage,
    StepStatus,
)

COMPLEX_ISSUE = "tillsammans-for-norrby"

# The words each consultation's questions must be about (its subject).
CONSULTATION_SUBJECTS = {
    "perspektivinsamling-trygghet": ("trygg", "centrum"),
    "samrad-om-parkens-utformning": ("park",),
    "enkat-medborgarradet-trygghet": ("trygg", "centrum"),
}

# The dialogue's contract (the budget round has its own implementation contract).
NORRBY_CONTRACT = "samhallskontrakt-norrby"


def visible_text(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    return " ".join(strip_tags(response.text).split())


def test_each_consultation_asks_about_its_own_subject(demo):
    """The safety consultation once asked the park-design questions."""
    pages = {page.slug: page for page in ConsultationPage.objects.live()}
    assert set(pages) == set(CONSULTATION_SUBJECTS)
    for slug, words in CONSULTATION_SUBJECTS.items():
        for question in pages[slug].questions.all():
            text = question.text.lower()
            assert any(word in text for word in words), (slug, question.text)
    for question in pages["perspektivinsamling-trygghet"].questions.all():
        assert "park" not in question.text.lower()
        assert "park" not in question.choices.lower()


def test_every_citation_is_a_contribution_of_the_contracts_own_dialogue(demo, client):
    """A lighting commitment once cited the paddling-pool comment of another dialogue."""
    contract = CommunityContractPage.objects.live().get(slug=NORRBY_CONTRACT)
    dialogue = contract.get_parent()
    sources = CommitmentSource.objects.select_related("commitment", "contribution__page")
    assert sources.count() >= contract.contract_commitments.count()
    assert not contract.contract_commitments.filter(sources__isnull=True).exists()
    html = visible_text(client, contract)
    for source in sources:
        assert source.commitment.page_id == contract.pk
        assert source.contribution.page.path.startswith(dialogue.path)
        assert source.contribution.status == "published"
        assert " ".join(source.contribution.text.split()) in html
    lighting = contract.contract_commitments.get(text__icontains="belysning")
    cited = [s.contribution.text.lower() for s in lighting.sources.all()]
    assert cited and all("svart" in text or "mörk" in text for text in cited)
    assert not CommitmentSource.objects.filter(contribution__text__icontains="plaskdamm").exists()


def test_the_contract_is_adopted_after_the_dialogue_it_rests_on(demo, client):
    """The contract was once adopted eight months before its dialogue started."""
    contract = CommunityContractPage.objects.live().get(slug=NORRBY_CONTRACT)
    dialogue = contract.get_parent().specific
    adoption = Decision.objects.get(page=contract, kind="adoption")
    assert adoption.decided_text
    assert adoption.decision_date == contract.decision_date
    assert adoption.case_number == contract.case_number
    assert adoption.decision_date > timezone.localdate(dialogue.closes_at)
    assert adoption.decision_date <= timezone.localdate()
    for party in contract.contract_parties.all():
        assert party.signed_on >= adoption.decision_date
    assert adoption.summary in visible_text(client, contract)


def test_every_decision_follows_the_start_of_the_dialogue_it_concludes(demo):
    today = timezone.localdate()
    # E-proposals' referrals and answers concern a citizen's proposal, not a page's revision
    # (tests/test_e_proposals_demo.py follows their dates).
    decisions = Decision.objects.select_related("page").filter(
        e_proposal_referred=None, e_proposal_answered=None
    )
    assert decisions.filter(kind="implementation").exists()
    for decision in decisions:
        page = decision.page.specific
        assert decision.decided_text and decision.decision_date <= today
        assert decision.revision_id, decision
        if isinstance(page, DialogueProcessPage):
            assert decision.decision_date >= page.start_date, decision
            if decision.kind == "implementation":
                # Decided on what the dialogue brought: after its input closed.
                assert decision.decision_date > timezone.localdate(page.closes_at), decision
        elif isinstance(page, AbstractBudgetPage):
            # A budget's result is decided on the count: after voting closed.
            assert decision.decision_date >= timezone.localdate(page.voting_closes_at), decision
        elif budget := BudgetPage.objects.filter(follow_up_contract=page).first():
            # A budget's implementation contract is adopted with its result, on the count.
            assert decision.decision_date >= timezone.localdate(budget.voting_closes_at), decision
        else:
            dialogue = page.get_parent().specific
            assert decision.decision_date > dialogue.start_date, decision


def test_every_commitment_date_follows_the_dialogue(demo):
    contract = CommunityContractPage.objects.live().get(slug=NORRBY_CONTRACT)
    dialogue = contract.get_parent().specific
    input_closed = timezone.localdate(dialogue.closes_at)
    for commitment in contract.contract_commitments.all():
        assert commitment.due_date > contract.decision_date, commitment
        assert commitment.source_page_id == dialogue.pk
    updates = CommitmentUpdate.objects.filter(commitment__page=contract)
    assert updates.exists()
    for update in updates:
        assert contract.decision_date <= update.date <= timezone.localdate(), update
        assert update.date > input_closed
        if update.meeting_on:
            assert update.meeting_on <= timezone.localdate()


def test_every_count_on_a_page_equals_the_rows_behind_it(demo, client):
    """The library page once said "230 synpunkter" next to "no comments published yet"."""
    checked = 0
    swedish = Locale.get_default()
    for page in DialogueProcessPage.objects.live().filter(locale=swedish):
        text = visible_text(client, page)
        public = page.public_contributions()
        shown = [int(n) for n in re.findall(r"Synpunkter \((\d+)\)", text)]
        assert shown == [public.count()], page.slug
        for number in re.findall(r"(\d+) synpunkter", text):
            assert int(number) == public.count(), (page.slug, number)
            checked += 1
        for number in re.findall(r"varav (\d+) vid", text):
            assert int(number) == public.filter(channel=ContributionChannel.MEETING).count()
            checked += 1
        if "Inga synpunkter har publicerats" in text:
            assert public.count() == 0, page.slug
    assert checked >= 2
    for page in ConsultationPage.objects.live():
        text = visible_text(client, page)
        # An open consultation shows how many answers are published, not yet the answers.
        published = Contribution.objects.filter(page=page, status="published").count()
        for number in re.findall(r"(\d+) svar har publicerats", text):
            assert int(number) == published, page.slug
    for index in DialogueIndexPage.objects.live():
        processes = DialogueProcessPage.objects.live().child_of(index).count()
        text = visible_text(client, index)
        found = re.findall(r"(\d+) (?:medborgardialoger hittades|citizen dialogues? found)", text)
        assert found == [str(processes)], index.url
    contract = CommunityContractPage.objects.live().get(slug=NORRBY_CONTRACT)
    shown = re.findall(r"Visar (\d+) åtaganden", visible_text(client, contract))
    assert shown == [str(contract.contract_commitments.count())]


def test_no_number_in_the_demos_prose_is_without_rows(demo):
    """Step summaries and backgrounds once claimed "över 400" and "över 200" answers."""
    for page in DialogueProcessPage.objects.live():
        for step in page.steps.all():
            assert not re.search(r"\d", strip_tags(step.summary)), (page.slug, step.title)
    for contract in CommunityContractPage.objects.live():
        assert not re.search(r"\d", strip_tags(contract.background))


def test_a_closed_dialogue_has_its_feedback_published(demo, client):
    closed = [p for p in DialogueProcessPage.objects.live() if p.process_status == "closed"]
    assert closed
    for page in closed:
        assert page.feedback and page.public_contributions().exists()
        assert not page.accepts_contributions()
        text = visible_text(client, page)
        assert "Vad som hände med synpunkterna" in text
        assert strip_tags(page.feedback).split(".")[0] in text


def test_the_complex_issue_goes_through_all_seven_steps_to_a_decision_on_implementation(
    demo, client
):
    process = DialogueProcessPage.objects.live().get(slug=COMPLEX_ISSUE)
    steps = list(process.steps.order_by("sort_order"))
    assert [step.skr_step for step in steps] == [1, 2, 3, 4, 5, 6, 7]
    assert all(step.status == StepStatus.DONE for step in steps[:5])
    # Implementation and capacity building are under way.
    assert all(step.status in (StepStatus.ONGOING, StepStatus.DONE) for step in steps[5:])
    assert all(step.summary for step in steps)
    decision = Decision.objects.get(page=process, kind="implementation")
    step_five = steps[4]
    assert step_five.start_date <= decision.decision_date <= step_five.end_date
    assert Decision.objects.filter(page=process, kind="assignment").exists()
    # The input that fed the decision came in during perspective collection (step 2).
    for contribution in process.public_contributions():
        sent = timezone.localdate(contribution.created_at)
        assert steps[1].start_date <= sent <= steps[1].end_date
    assert process.public_contributions().filter(channel=ContributionChannel.MEETING).exists()
    text = visible_text(client, process)
    assert decision.decided_text in text
    assert "Kapacitetsutveckling" in text
    assert process.get_children().type(CommunityContractPage).live().exists()


def test_demo_users_still_have_their_roles(demo):
    from django.contrib.auth import get_user_model

    from wagtail_medborgardialog import workflows

    users = get_user_model().objects
    assert users.get(username="processledare").groups.filter(name=workflows.PROCESS_LEADERS)
    assert users.get(username="beslutande").groups.filter(name=workflows.DECIDING_BODY)


def test_every_contribution_was_sent_while_its_page_took_input(demo):
    for contribution in Contribution.objects.select_related("page"):
        page = contribution.page.specific
        sent = contribution.created_at
        assert sent <= timezone.now()
        if page.opens_at:
            assert sent >= page.opens_at, (page.slug, contribution.text)
        if page.closes_at:
            assert sent < page.closes_at, (page.slug, contribution.text)
        if isinstance(page, DialogueProcessPage):
            assert timezone.localdate(sent) >= page.start_date, (page.slug, contribution.text)
