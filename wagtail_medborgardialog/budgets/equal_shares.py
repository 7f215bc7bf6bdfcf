"""The Method of Equal Shares for approval ballots, with cost utilities.

Implemented from the published descriptions (D. Peters, G. Pierczyński, P. Skowron,
"Proportional Participatory Budgeting with Additive Utilities", NeurIPS 2021; the explanation
and the completion rule at equalshares.net). Pure Python, no Django; all money arithmetic in
:class:`fractions.Fraction`, so an outcome is exactly reproducible from the ballots.

The rule, for one (sub-)budget ``B`` and its ``n`` voters:

1. Every voter gets an equal share ``B / n``.
2. A voter who approves a project gains its cost if it is funded (cost utilities). A project
   ``c`` is *affordable* if its supporters together still have at least ``cost(c)``. Its price
   per supporter is the smallest ``p`` such that ``sum(min(money_i, p)) == cost(c)`` over its
   supporters: each pays ``p``, or everything they have left if that is less.
3. Among affordable projects the rule funds the one with the highest *effective vote count*
   ``cost(c) / p`` (equivalently the smallest ``rho = p / cost(c)``, the price per unit of
   utility: the paper's rho-affordability), charges its supporters, and repeats until no
   project is affordable.

Ties (two projects with exactly the same effective vote count) are broken, in this order, by
more approvals, then lower cost, then the lower project id. The rule is the same in
:mod:`.greedy`, so both outcomes on a result page read the same way.

**Completion ("add one", as in Wieliczka 2023).** The rule above often leaves money unspent. While
the outcome is not *exhaustive* (some supported, eligible project not funded would still fit in
what is left of ``B``), every voter's share is raised by one currency unit (``step``) and the rule
is run again from the start with the larger shares; the last outcome whose total cost stays
within ``B`` is kept, and the loop stops at the first outcome that would exceed ``B``.

**Leftover.** Money left after the completion stays unspent by default: that is the rule as
published and as Wieliczka used it. ``fill_greedily=True`` spends what is left on the remaining
projects in order of approvals (the tie rule above), for a council that decides so; projects
funded that way say so in their explanation.

**Eligibility (Świecie, optional).** With ``eligibility=True`` a project takes part only if its
share of the voters is at least ``cost / (3 × B)``; the others are marked not eligible.

**Sub-budgets.** :func:`equal_shares_by_district` runs the rule once per part (a district with its
own budget and its own voters) and merges the explanations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

ProjectId = Hashable

# Reasons, stable strings (stored with a frozen result and translated for display).
FUNDED = "funded"
FUNDED_LEFTOVER = "funded_leftover"
NOT_AFFORDABLE = "not_affordable"  # its supporters had less left than its cost
NO_SUPPORTERS = "no_supporters"
NOT_ELIGIBLE = "not_eligible"
OVER_BUDGET = "over_budget"  # (greedy, leftover fill) more than what was left of the budget


@dataclass(frozen=True)
class Explanation:
    """Why one project is funded or not, in numbers a result page can show."""

    project: ProjectId
    cost: Fraction
    votes: int
    reason: str
    #: funded: the order in which it was chosen (1 = first)
    round: int | None = None
    #: funded by equal shares: the most a supporter paid
    max_payment: Fraction | None = None
    #: funded by equal shares: ((amount, number of supporters paying it), ...), largest first
    payments: tuple[tuple[Fraction, int], ...] = ()
    #: not funded: what its supporters had left together when the rule stopped
    supporters_money: Fraction | None = None
    #: greedy / fill: what was left of the budget when the project's turn came
    remaining_budget: Fraction | None = None

    @property
    def funded(self):
        return self.reason in (FUNDED, FUNDED_LEFTOVER)

    def as_dict(self):
        """JSON-safe: money as strings of exact fractions ("1250/3") and a rounded float."""

        def money(value):
            return None if value is None else {"exact": str(value), "sek": round(float(value), 2)}

        return {
            "project": self.project,
            "cost": money(self.cost),
            "votes": self.votes,
            "reason": self.reason,
            "funded": self.funded,
            "round": self.round,
            "max_payment": money(self.max_payment),
            "payments": [
                {"amount": money(amount), "voters": count} for amount, count in self.payments
            ],
            "supporters_money": money(self.supporters_money),
            "remaining_budget": money(self.remaining_budget),
        }


@dataclass
class Outcome:
    """The funded projects, in the order chosen, and an explanation for every project."""

    rule: str
    budget: Fraction
    voters: int
    funded: list = field(default_factory=list)
    explanations: dict = field(default_factory=dict)
    #: equal shares: each voter's share in the run that was kept (after the completion)
    share: Fraction | None = None
    #: equal shares: how many times the shares were raised by the completion
    completion_steps: int = 0

    @property
    def spent(self):
        return sum((self.explanations[p].cost for p in self.funded), Fraction(0))

    @property
    def left(self):
        return self.budget - self.spent

    def as_dict(self):
        return {
            "rule": self.rule,
            "budget": str(self.budget),
            "voters": self.voters,
            "funded": list(self.funded),
            "spent": str(self.spent),
            "share": None if self.share is None else str(self.share),
            "completion_steps": self.completion_steps,
            "explanations": [self.explanations[p].as_dict() for p in self.explanations],
        }


def _tie_key(project, cost, votes):
    """Sort key: more approvals first, then lower cost, then lower id."""
    return (-votes, cost, project)


def _prepare(projects, ballots):
    costs = {p: Fraction(c) for p, c in projects.items()}
    for p, c in costs.items():
        if c <= 0:
            raise ValueError(f"project {p!r} must cost more than 0")
    supporters = {p: [] for p in costs}
    n = 0
    for voter, ballot in enumerate(ballots):
        n += 1
        for p in set(ballot):
            if p in costs:
                supporters[p].append(voter)
    votes = {p: len(supporters[p]) for p in costs}
    return costs, supporters, votes, n


def eligible_projects(costs, votes, n, budget):
    """Świecie's rule: vote share >= cost / (3 × budget), i.e. votes × 3 × B >= cost × n."""
    return {p for p, cost in costs.items() if votes[p] * 3 * budget >= cost * n}


def _price(cost, classes, values):
    """The per-supporter price for ``cost``, or None if the supporters cannot afford it.

    ``classes`` maps a money class to how many supporters are in it; ``values`` holds each
    class's money. Supporters with the least money pay all they have, the rest pay the price.
    """
    if sum(values[c] * k for c, k in classes.items()) < cost:
        return None
    paid = Fraction(0)
    denominator = sum(classes.values())
    for c in sorted(classes, key=values.__getitem__):
        price = (cost - paid) / denominator
        if price <= values[c]:
            return price
        paid += values[c] * classes[c]
        denominator -= classes[c]
    return None  # unreachable when the supporters have enough


def _run(costs, supporters, votes, n, share, candidates):
    """One run of the rule with every voter's share = ``share``.

    Voters with the same money are kept in one *money class* (all start in class 0), so
    counting a project's supporters is a C-level ``Counter`` over class ids and the exact
    Fraction arithmetic runs once per class, not once per voter.
    Returns (funded ids in order, {id: (round, price, payments)}, voter classes, class values).
    """
    cls = [0] * n
    values = [Fraction(share)]
    class_of_value = {values[0]: 0}
    # Upper bounds of each candidate's effective vote count (they only fall as money is spent).
    bound = {p: Fraction(votes[p]) for p in candidates if votes[p] > 0}
    funded = []
    details = {}
    while bound:
        best = None
        best_count = None
        best_price = None
        best_classes = None
        for p in sorted(bound, key=lambda q: (-bound[q], _tie_key(q, costs[q], votes[q]))):
            if best_count is not None and bound[p] < best_count:
                break
            classes = Counter(map(cls.__getitem__, supporters[p]))
            price = _price(costs[p], classes, values)
            if price is None:
                del bound[p]
                continue
            count = costs[p] / price
            bound[p] = count
            if (
                best is None
                or count > best_count
                or (
                    count == best_count
                    and _tie_key(p, costs[p], votes[p]) < _tie_key(best, costs[best], votes[best])
                )
            ):
                best, best_count, best_price, best_classes = p, count, price, classes
        if best is None:
            break
        del bound[best]
        paying = Counter()
        moved = {}
        for c, k in best_classes.items():
            pay = min(values[c], best_price)
            if not pay:
                moved[c] = c
                continue
            paying[pay] += k
            left = values[c] - pay
            if left not in class_of_value:
                class_of_value[left] = len(values)
                values.append(left)
            moved[c] = class_of_value[left]
        for voter in supporters[best]:
            cls[voter] = moved[cls[voter]]
        funded.append(best)
        details[best] = (len(funded), best_price, tuple(sorted(paying.items(), reverse=True)))
    return funded, details, cls, values


def _supporters_money(voters, cls, values):
    classes = Counter(map(cls.__getitem__, voters))
    return sum((values[c] * k for c, k in classes.items()), Fraction(0))


def _is_exhaustive(costs, funded, budget, candidates, votes):
    left = budget - sum((costs[p] for p in funded), Fraction(0))
    chosen = set(funded)
    return not any(p not in chosen and votes[p] > 0 and costs[p] <= left for p in candidates)


def equal_shares(
    projects: Mapping[ProjectId, int | Fraction],
    ballots: Iterable[Iterable[ProjectId]],
    budget: int | Fraction,
    *,
    completion: bool = True,
    step: int | Fraction = 1,
    eligibility: bool = False,
    fill_greedily: bool = False,
    max_completion_steps: int | None = None,
) -> Outcome:
    """The Method of Equal Shares on one budget (see the module docstring for every rule).

    ``projects`` maps an id to its cost; ``ballots`` holds one set of approved ids per voter
    (ids that are not projects are ignored). ``step`` is the completion's raise of each share.
    """
    budget = Fraction(budget)
    ballots = list(ballots)
    costs, supporters, votes, n = _prepare(projects, ballots)
    outcome = Outcome(rule="equal_shares", budget=budget, voters=n)
    if n == 0:
        for p in costs:
            outcome.explanations[p] = Explanation(p, costs[p], 0, NO_SUPPORTERS)
        return outcome
    candidates = eligible_projects(costs, votes, n, budget) if eligibility else set(costs)
    share = budget / n
    funded, details, cls, values = _run(costs, supporters, votes, n, share, candidates)
    steps = 0
    if completion:
        while not _is_exhaustive(costs, funded, budget, candidates, votes):
            if max_completion_steps is not None and steps >= max_completion_steps:
                break
            next_share = share + Fraction(step)
            result = _run(costs, supporters, votes, n, next_share, candidates)
            if sum((costs[p] for p in result[0]), Fraction(0)) > budget:
                break
            share = next_share
            steps += 1
            funded, details, cls, values = result
    outcome.share = share
    outcome.completion_steps = steps
    outcome.funded = list(funded)
    for p in costs:
        if p in details:
            rnd, price, payments = details[p]
            outcome.explanations[p] = Explanation(
                p, costs[p], votes[p], FUNDED, round=rnd, max_payment=price, payments=payments
            )
        elif votes[p] == 0:
            outcome.explanations[p] = Explanation(p, costs[p], 0, NO_SUPPORTERS)
        elif p not in candidates:
            outcome.explanations[p] = Explanation(p, costs[p], votes[p], NOT_ELIGIBLE)
        else:
            outcome.explanations[p] = Explanation(
                p,
                costs[p],
                votes[p],
                NOT_AFFORDABLE,
                supporters_money=_supporters_money(supporters[p], cls, values),
            )
    if fill_greedily:
        left = outcome.left
        rest = sorted(
            (p for p in candidates if p not in details and votes[p] > 0),
            key=lambda p: _tie_key(p, costs[p], votes[p]),
        )
        for p in rest:
            if costs[p] <= left:
                outcome.funded.append(p)
                outcome.explanations[p] = Explanation(
                    p,
                    costs[p],
                    votes[p],
                    FUNDED_LEFTOVER,
                    round=len(outcome.funded),
                    remaining_budget=left,
                    supporters_money=outcome.explanations[p].supporters_money,
                )
                left -= costs[p]
    return outcome


@dataclass(frozen=True)
class Part:
    """One sub-budget: its key (a district, or None for the whole municipality), its budget,
    its projects (id -> cost) and its voters' ballots."""

    key: Hashable
    budget: int | Fraction
    projects: Mapping[ProjectId, int | Fraction]
    ballots: Sequence[Iterable[ProjectId]]


def run_by_part(rule, parts: Iterable[Part], **options) -> dict:
    """Run ``rule`` (``equal_shares`` or ``greedy``) once per part: {part key: Outcome}."""
    return {part.key: rule(part.projects, part.ballots, part.budget, **options) for part in parts}


def equal_shares_by_district(parts: Iterable[Part], **options) -> dict:
    return run_by_part(equal_shares, parts, **options)


def voters_without_funded_project(ballots: Iterable[Iterable[ProjectId]], funded) -> Fraction:
    """The share of voters none of whose approved projects is funded (0 if nobody voted)."""
    funded = set(funded)
    total = 0
    without = 0
    for ballot in ballots:
        total += 1
        if not funded.intersection(ballot):
            without += 1
    return Fraction(without, total) if total else Fraction(0)
