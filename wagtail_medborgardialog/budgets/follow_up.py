"""Funded projects as commitments with follow-up ("you voted, we built").

The round names a community contract page (``follow_up_contract``); each project the frozen
count funds under the round's rule becomes one commitment of that contract, so the contract's
own machinery follows it up: status and progress, dated updates recorded with
``contracts.follow_up.record_update`` (admin "Contract follow-up"), the idea it came from cited
("you said, we did"), the contract page, its feeds and open data. The budget's result page and
project list show each commitment's current state, read in a fixed number of queries.
"""

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.text import Truncator

from ..models.budgets import BudgetResult, ProjectCommitment
from ..models.commitments import Commitment, CommitmentGoal, CommitmentSource, CommitmentUpdate
from ..models.contract import AbstractCommunityContractPage, CommitmentStatus
from ..models.contributions import ContributionStatus
from .projects import add_child_to_revisions


class NoContract(Exception):
    """The round names no community contract page, or the contract has no party."""


class NotFrozen(Exception):
    pass


def funded_project_ids(frozen):
    rule = frozen.outcome["rule"]
    return {pk for part in frozen.outcome["parts"] for pk in part[rule]["funded"]}


def contract_of(page):
    contract = page.follow_up_contract.specific if page.follow_up_contract_id else None
    if not isinstance(contract, AbstractCommunityContractPage):
        raise NoContract
    party = contract.contract_parties.select_related("stakeholder").order_by("sort_order").first()
    if party is None:
        raise NoContract
    return contract, party.stakeholder


def commitment_text(project):
    return Truncator(project.title).chars(300)


@transaction.atomic
def make_commitments(page):
    """Give every funded project of ``page`` without one a commitment in the round's contract.

    Idempotent: a project that has its commitment keeps it. Returns the new links.
    """
    frozen = BudgetResult.objects.filter(page=page).first()
    if frozen is None:
        raise NotFrozen
    contract, responsible = contract_of(page)
    funded = funded_project_ids(frozen)
    done = set(
        ProjectCommitment.objects.filter(project_id__in=funded).values_list("project_id", flat=True)
    )
    projects = (
        page.budget_projects.filter(pk__in=funded - done)
        .select_related("idea")
        .prefetch_related("sdg_goals")
        .order_by("sort_order", "pk")
    )
    next_order = (
        Commitment.objects.filter(page=contract).aggregate(m=Max("sort_order"))["m"] or 0
    ) + 1
    links = []
    for project in projects:
        idea = project.idea if project.idea and project.idea.status == "published" else None
        commitment = Commitment.objects.create(
            page=contract,
            text=commitment_text(project),
            responsible=responsible,
            status=CommitmentStatus.PLANNED,
            progress=0,
            source_page=page,
            what_we_heard=idea.text if idea else project.description,
            sort_order=next_order,
        )
        next_order += 1
        CommitmentGoal.objects.bulk_create(
            [CommitmentGoal(commitment=commitment, goal=g.number) for g in project.sdg_goals.all()]
        )
        if idea is not None and idea.status == ContributionStatus.PUBLISHED:
            CommitmentSource.objects.create(commitment=commitment, contribution=idea)
        add_child_to_revisions(contract, "contract_commitments", commitment)
        links.append(ProjectCommitment.objects.create(project=project, commitment=commitment))
    return links


def follow_ups(page):
    """{project id: {"commitment", "status", "status_label", "progress", "latest", "url"}} for
    the round's projects that have a commitment: a fixed number of queries whatever their number."""
    links = list(
        ProjectCommitment.objects.filter(project__page_id=page.pk).select_related(
            "commitment__page"
        )
    )
    if not links:
        return {}
    commitments = {
        c.pk: c
        for c in Commitment.objects.filter(pk__in=[link.commitment_id for link in links])
        .with_current_state()
        .prefetch_related(
            Prefetch("updates", queryset=CommitmentUpdate.objects.order_by("-date", "-pk"))
        )
    }
    result = {}
    contract_urls = {}  # a round has one contract: its URL is looked up once
    for link in links:
        commitment = commitments.get(link.commitment_id)
        if commitment is None:
            continue
        updates = list(commitment.updates.all())
        status, progress = commitment.state
        contract = link.commitment.page
        if contract.pk not in contract_urls:
            contract_urls[contract.pk] = (contract.url or "") if contract.live else ""
        url = contract_urls[contract.pk]
        result[link.project_id] = {
            "commitment": commitment,
            "status": status,
            "status_label": CommitmentStatus(status).label,
            "progress": progress,
            "latest": updates[0] if updates else None,
            "url": f"{url}#atagande-{commitment.pk}" if url else "",
        }
    return result
