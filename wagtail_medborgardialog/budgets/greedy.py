"""Greedy funding by votes: the rule most cities use, kept beside Equal Shares for comparison.

Projects are taken in order of approvals (ties: lower cost, then lower project id, the same
rule as :mod:`.equal_shares`); each is funded if it fits in what is left of the budget, and
skipped otherwise (the next, cheaper one may still fit). Optionally with Świecie's eligibility
rule, so the two outcomes can be compared on the same projects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from .equal_shares import (
    FUNDED,
    NO_SUPPORTERS,
    NOT_ELIGIBLE,
    OVER_BUDGET,
    Explanation,
    Outcome,
    ProjectId,
    _prepare,
    _tie_key,
    eligible_projects,
)


def greedy(
    projects: Mapping[ProjectId, int | Fraction],
    ballots: Iterable[Iterable[ProjectId]],
    budget: int | Fraction,
    *,
    eligibility: bool = False,
    **_ignored,
) -> Outcome:
    budget = Fraction(budget)
    costs, _supporters, votes, n = _prepare(projects, list(ballots))
    outcome = Outcome(rule="greedy", budget=budget, voters=n)
    candidates = eligible_projects(costs, votes, n, budget) if eligibility and n else set(costs)
    left = budget
    for p in sorted(costs, key=lambda q: _tie_key(q, costs[q], votes[q])):
        if votes[p] == 0:
            outcome.explanations[p] = Explanation(p, costs[p], 0, NO_SUPPORTERS)
        elif p not in candidates:
            outcome.explanations[p] = Explanation(p, costs[p], votes[p], NOT_ELIGIBLE)
        elif costs[p] <= left:
            outcome.funded.append(p)
            outcome.explanations[p] = Explanation(
                p, costs[p], votes[p], FUNDED, round=len(outcome.funded), remaining_budget=left
            )
            left -= costs[p]
        else:
            outcome.explanations[p] = Explanation(
                p, costs[p], votes[p], OVER_BUDGET, remaining_budget=left
            )
    return outcome
