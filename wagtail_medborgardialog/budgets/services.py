"""Ballots and the count of a round: the only code that writes ballots or freezes a result.

One ballot per person and round: the ballot's identity hash (``identity.identity_hash`` with the
scope ``budget:<page id>``) is unique per page in the database, so a second ballot by the same
person, or two at once, end in the same row; a later ballot replaces the earlier choices until
voting closes.
"""

import hashlib
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import identity
from ..models.budgets import (
    Ballot,
    BallotChannel,
    BallotChoice,
    BudgetResult,
    Feasibility,
)
from . import equal_shares as es
from .greedy import greedy

CONFIRM_PURPOSE = "budget-vote"


class VotingClosed(Exception):
    pass


class AlreadyVoted(Exception):
    """A paper ballot for a person who already has a ballot in this round."""


class AlreadyFrozen(Exception):
    pass


def scope(page):
    return f"budget:{page.pk}"


def _ballot_for(page, identity_hash, **defaults):
    # get_or_create retries the read when a parallel request won the insert (unique constraint).
    ballot, created = Ballot.objects.get_or_create(
        page=page, identity_hash=identity_hash, defaults=defaults
    )
    return ballot, created


def _replace_choices(ballot, district_id, project_ids):
    ballot.choices.all().delete()
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, project_id=pk) for pk in sorted(set(project_ids))]
    )
    ballot.district_id = district_id


def submit_email_ballot(page, *, email, district_id, project_ids, now=None):
    """Store the choices until the voter confirms them by e-mail; returns the ballot.

    A person who voted before keeps their counted ballot until the new choices are confirmed.
    """
    if not page.voting_open(now):
        raise VotingClosed
    value = identity.normalise_email(email)
    digest = identity.identity_hash("email", value, scope=scope(page))
    with transaction.atomic():
        ballot, _created = _ballot_for(page, digest, channel=BallotChannel.ONLINE)
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        ballot.email = email
        ballot.pending = {"district": district_id, "projects": sorted(set(project_ids))}
        ballot.save(update_fields=["email", "pending", "updated_at"])
    return ballot


def confirm_ballot(page, ballot, now=None):
    """Count the ballot's pending choices (replacing earlier ones) and forget the e-mail."""
    if not page.voting_open(now):
        raise VotingClosed
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if ballot.pending is not None:
            valid = set(
                page.budget_projects.filter(
                    pk__in=ballot.pending["projects"],
                    public=True,
                    feasibility=Feasibility.FEASIBLE,
                ).values_list("pk", flat=True)
            )
            _replace_choices(ballot, ballot.pending.get("district"), valid)
        ballot.pending = None
        ballot.email = ""
        ballot.confirmed_at = ballot.confirmed_at or timezone.now()
        ballot.save()
    return ballot


def record_verified_ballot(
    page,
    *,
    district_id,
    project_ids,
    personal_number=None,
    email=None,
    channel=BallotChannel.ONLINE,
    registered_by=None,
    now=None,
):
    """An e-identified ballot (online, replaces the person's earlier one) or a paper ballot
    registered by an official (refused with AlreadyVoted if the person has one).

    A paper ballot carries the identity of the round's level: the personnummer at the
    e-identification level, the voter's e-mail address at the e-mail level, so that it has
    the same identity hash as the person's online ballot and one person has one ballot
    whichever way they vote (docs/participatory-budget.md)."""
    if channel == BallotChannel.ONLINE and not page.voting_open(now):
        raise VotingClosed
    if email is not None:
        digest = identity.identity_hash("email", identity.normalise_email(email), scope=scope(page))
    else:
        digest = identity.identity_hash("pnr", personal_number, scope=scope(page))
    with transaction.atomic():
        ballot, created = _ballot_for(page, digest, channel=channel, registered_by=registered_by)
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if channel == BallotChannel.PAPER and not created:
            raise AlreadyVoted
        _replace_choices(ballot, district_id, project_ids)
        ballot.confirmed_at = ballot.confirmed_at or timezone.now()
        ballot.save()
    return ballot


# --- counting ------------------------------------------------------------------------------


def counted_ballots(page):
    """[(district id or None, frozenset of project ids)] of the confirmed ballots: two queries."""
    ballots = dict(
        Ballot.objects.filter(page=page, confirmed_at__isnull=False).values_list(
            "pk", "district_id"
        )
    )
    choices = {pk: set() for pk in ballots}
    for ballot_id, project_id in BallotChoice.objects.filter(
        ballot__page=page, ballot__confirmed_at__isnull=False
    ).values_list("ballot_id", "project_id"):
        choices[ballot_id].add(project_id)
    return [(ballots[pk], frozenset(choices[pk])) for pk in sorted(ballots)]


def ballots_digest(ballots):
    """SHA-256 of the ballots in canonical form: one line ``district;p1,p2,...`` per ballot
    (ids ascending, "-" for no district), lines sorted. Anyone can recompute it from the
    round's JSON export."""
    lines = sorted(
        f"{'-' if district is None else district};{','.join(str(p) for p in sorted(chosen))}"
        for district, chosen in ballots
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def compute(page, ballots=None):
    """Both outcomes of the round, per part (the whole municipality, then each district)."""
    if ballots is None:
        ballots = counted_ballots(page)
    projects = list(
        page.budget_projects.filter(public=True, feasibility=Feasibility.FEASIBLE).values(
            "pk", "cost", "district_id", "title"
        )
    )
    districts = list(page.budget_districts.all())
    parts = [(None, "", page.citywide_budget(), [b for _d, b in ballots])]
    for district in districts:
        parts.append(
            (
                district.pk,
                district.name,
                district.budget,
                [b for d, b in ballots if d == district.pk],
            )
        )
    result_parts = []
    funded = {"equal_shares": set(), "greedy": set()}
    for key, name, budget, part_ballots in parts:
        costs = {p["pk"]: p["cost"] for p in projects if p["district_id"] == key}
        if not costs:
            continue
        options = {"eligibility": page.eligibility_rule}
        mes = es.equal_shares(costs, part_ballots, budget, **options)
        grd = greedy(costs, part_ballots, budget, **options)
        funded["equal_shares"].update(mes.funded)
        funded["greedy"].update(grd.funded)
        result_parts.append(
            {
                "district": key,
                "name": name,
                "budget": budget,
                "voters": len(part_ballots),
                "equal_shares": mes.as_dict(),
                "greedy": grd.as_dict(),
            }
        )
    all_ballots = [b for _d, b in ballots]
    without = {
        rule: str(es.voters_without_funded_project(all_ballots, chosen))
        for rule, chosen in funded.items()
    }
    return {
        "rule": page.outcome_rule,
        "ballots": len(ballots),
        "parts": result_parts,
        "without_funded": without,
    }


def freeze(page, user=None):
    """Count the round once voting has closed and store the outcome with the ballots' hash."""
    if page.voting_open() or not page.voting_closes_at or page.voting_closes_at > timezone.now():
        raise VotingClosed  # voting has not closed yet
    if BudgetResult.objects.filter(page=page).exists():
        raise AlreadyFrozen
    ballots = counted_ballots(page)
    outcome = compute(page, ballots)
    try:
        with transaction.atomic():
            # One result per round (a one-to-one key): a second freeze at the same moment fails.
            return BudgetResult.objects.create(
                page=page,
                ballots_sha256=ballots_digest(ballots),
                ballot_count=len(ballots),
                outcome=outcome,
                frozen_by=user if user and user.is_authenticated else None,
            )
    except IntegrityError as error:
        raise AlreadyFrozen from error


def percent(fraction_text):
    return round(float(Fraction(fraction_text)) * 100)
