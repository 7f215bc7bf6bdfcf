"""Participatory budgets in `make bench`: the outcome computation on its own (time and peak
memory, greedy as the baseline) and a data builder for the result page scenario.

The instance: 10,000 ballots over 60 projects in 4 districts (15 projects and 2,500 voters
each, a district budget of 1,250,000 SEK); every voter approves 1 to 5 projects of their
district, popular projects more often. Pure Python, seeded: the same instance every run.
"""

import random
import time
import tracemalloc

BALLOTS = 10_000
PROJECTS = 60
DISTRICTS = 4
DISTRICT_BUDGET = 1_250_000


def instance(seed=2026):
    """[(district, {project id: cost}, [ballots])] with project ids 0..59."""
    rng = random.Random(seed)
    per_district = PROJECTS // DISTRICTS
    voters = BALLOTS // DISTRICTS
    parts = []
    for d in range(DISTRICTS):
        ids = list(range(d * per_district, (d + 1) * per_district))
        costs = {p: rng.randrange(50_000, 600_000, 1_000) for p in ids}
        weights = [rng.random() ** 2 for _ in ids]
        ballots = [
            set(rng.choices(ids, weights=weights, k=rng.randint(1, 5))) for _ in range(voters)
        ]
        parts.append((d, costs, ballots))
    return parts


def timed(rule, parts, **options):
    """(seconds, funded count) for ``rule`` on every part."""
    began = time.perf_counter()
    funded = sum(
        len(rule(costs, ballots, DISTRICT_BUDGET, **options).funded) for _d, costs, ballots in parts
    )
    return time.perf_counter() - began, funded


def peak_mib(rule, parts, **options):
    """Peak MiB of Python allocations of ``rule`` on every part (tracemalloc slows it down, so
    it is measured apart from the time)."""
    tracemalloc.start()
    for _d, costs, ballots in parts:
        rule(costs, ballots, DISTRICT_BUDGET, **options)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def outcome_report():
    """Lines for the bench output: both rules on the same instance, and their ratio."""
    from wagtail_medborgardialog.budgets.equal_shares import equal_shares
    from wagtail_medborgardialog.budgets.greedy import greedy

    parts = instance()
    rows = [
        ("greedy (baseline)", greedy, {}, {}),
        ("Equal Shares, no completion", equal_shares, {"completion": False}, {"completion": False}),
        # Each completion step is a fresh run: the peak of 20 steps is the peak of all of them.
        ("Equal Shares with add-one", equal_shares, {}, {"max_completion_steps": 20}),
    ]
    lines = [
        f"Budget outcome: {BALLOTS:_} ballots, {PROJECTS} projects, {DISTRICTS} districts "
        "(Python only, no database)".replace("_", " ")
    ]
    base = None
    for label, rule, options, memory_options in rows:
        seconds, funded = timed(rule, parts, **options)
        base = base or seconds
        lines.append(
            f"  {label:<30} {seconds * 1000:9.1f} ms  ratio {seconds / base:7.1f}  "
            f"peak {peak_mib(rule, parts, **memory_options):5.1f} MiB  funded {funded}"
        )
    return lines


def result_page_data(home, size):
    """A frozen round with ``size`` ballots over 60 projects in 4 districts, its decision on
    record; returns the round page."""
    import datetime

    from django.utils import timezone

    from wagtail_medborgardialog.budgets import services
    from wagtail_medborgardialog.models import (
        Ballot,
        BallotChoice,
        BudgetDistrict,
        BudgetPage,
        BudgetProject,
        Decision,
    )

    from . import data

    now = timezone.now()
    day = datetime.timedelta(days=1)
    page = data.add_page(
        home,
        BudgetPage,
        title="Medborgarbudget",
        slug=f"medborgarbudget-{size}",
        total_budget=DISTRICTS * DISTRICT_BUDGET,
        closes_at=now - 60 * day,
        voting_opens_at=now - 40 * day,
        voting_closes_at=now - 10 * day,
        result_at=now - day,
    )
    districts = [
        BudgetDistrict.objects.create(page=page, name=f"Område {d + 1}", budget=DISTRICT_BUDGET)
        for d in range(DISTRICTS)
    ]
    ids = {}
    for d, costs, _ballots in instance():
        for p, cost in costs.items():
            ids[p] = BudgetProject.objects.create(
                page=page,
                title=f"Projekt {p}",
                cost=cost,
                district=districts[d],
                feasibility="feasible",
            ).pk
    per_district = size // DISTRICTS
    ballots, choices = [], []
    for d, _costs, part_ballots in instance():
        for n, chosen in enumerate(part_ballots[:per_district]):
            ballots.append(
                (
                    Ballot(
                        page=page,
                        identity_hash=f"{d:02d}{n:062d}",
                        district=districts[d],
                        confirmed_at=now - 20 * day,
                    ),
                    chosen,
                )
            )
    Ballot.objects.bulk_create([b for b, _c in ballots], batch_size=data.BATCH_SIZE)
    for ballot, chosen in ballots:
        choices += [BallotChoice(ballot_id=ballot.pk, project_id=ids[p]) for p in chosen]
    BallotChoice.objects.bulk_create(choices, batch_size=data.BATCH_SIZE)
    services.freeze(page)
    Decision.objects.create(
        page=page,
        page_title=page.title,
        kind="implementation",
        decided_text="Genomförs.",
        deciding_body="Kommunfullmäktige",
        decision_date=(now - day).date(),
    )
    return page
