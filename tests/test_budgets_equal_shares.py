"""The Method of Equal Shares, greedy funding and the pabulib format (pure Python, no database)."""

import itertools
import random
from fractions import Fraction

import pytest

from wagtail_medborgardialog.budgets import equal_shares as es
from wagtail_medborgardialog.budgets import pabulib
from wagtail_medborgardialog.budgets.equal_shares import Part, equal_shares, run_by_part
from wagtail_medborgardialog.budgets.greedy import greedy

# The small election printed on equalshares.net ("How to compute the results?", the sample .pb
# file): budget 100 000, projects 1 (5 000), 2 (10 000), 3 (85 000), four voters.
SAMPLE_PROJECTS = {"1": 5000, "2": 10000, "3": 85000}
SAMPLE_BALLOTS = [{"1", "2"}, {"1"}, {"3"}, {"1", "2", "3"}]


def test_equalshares_net_sample_without_completion():
    """equalshares.net sample file, worked by hand from the explanation page's steps.

    Each of the 4 voters gets 25 000. Project 3 (85 000) is out: its two supporters have
    50 000. Project 1 has the highest effective vote count (3 supporters paying 5 000/3 each),
    then project 2 (2 supporters paying 5 000 each). Project 3's supporters then have
    25 000 + 18 333.33 = 130 000/3 left, less than its cost.
    """
    outcome = equal_shares(SAMPLE_PROJECTS, SAMPLE_BALLOTS, 100000, completion=False)
    assert outcome.funded == ["1", "2"]
    first = outcome.explanations["1"]
    assert first.round == 1
    assert first.max_payment == Fraction(5000, 3)
    assert first.payments == ((Fraction(5000, 3), 3),)
    second = outcome.explanations["2"]
    assert second.round == 2 and second.payments == ((Fraction(5000), 2),)
    third = outcome.explanations["3"]
    assert third.reason == es.NOT_AFFORDABLE
    assert third.supporters_money == Fraction(130000, 3)
    assert outcome.share == 25000
    assert outcome.spent == 15000


def test_equalshares_net_sample_with_add_one_completion():
    """The "add one" completion raises each share by 1 until the outcome is exhaustive.

    Project 3 becomes affordable once its supporters, one of whom paid 5 000/3 + 5 000, have
    85 000 together: 2s - 20 000/3 >= 85 000, s >= 45 833.33, the first whole share 45 834.
    The outcome then costs exactly 100 000, is exhaustive, and the loop stops.
    """
    outcome = equal_shares(SAMPLE_PROJECTS, SAMPLE_BALLOTS, 100000)
    assert outcome.funded == ["1", "2", "3"]
    assert outcome.share == 45834
    assert outcome.completion_steps == 45834 - 25000
    assert outcome.spent == 100000
    three = outcome.explanations["3"]
    # v3 pays the larger part; v4 pays all it had left.
    assert sum(amount * count for amount, count in three.payments) == 85000
    assert three.payments[0][1] == 1 and three.payments[1][1] == 1


def test_equalshares_net_explanation_project_removed():
    """equalshares.net explanation: budget 1 000 000, 100 000 voters, so a share of 10 each;
    a project costing 10 000 with 500 votes has 5 000 behind it and is removed."""
    ballots = [{"x"}] * 500 + [{"y"}] * 99500
    outcome = equal_shares({"x": 10000, "y": 5000}, ballots, 1000000, completion=False)
    assert outcome.share == 10
    assert outcome.explanations["x"].reason == es.NOT_AFFORDABLE
    assert outcome.explanations["x"].supporters_money == 5000
    assert outcome.funded == ["y"]


RED = [f"r{i}" for i in range(10)]
BLUE = [f"b{i}" for i in range(10)]
RED_BLUE_PROJECTS = dict.fromkeys(RED + BLUE, 100000)
RED_BLUE_BALLOTS = [set(RED)] * 51 + [set(BLUE)] * 49


def test_red_blue_example_is_proportional():
    """Peters and Skowron's motivating example (equalshares.net front page, the paper's
    introduction): 51 % approve 10 red projects, 49 % approve 10 blue ones, the money is
    enough for 10. Greedy funds 10 red; Equal Shares funds 5 red and 5 blue (the fifth blue
    after the completion raised the shares from 10 000 to 10 205: 49 × 10 205 >= 500 000)."""
    outcome = equal_shares(RED_BLUE_PROJECTS, RED_BLUE_BALLOTS, 1000000)
    assert sorted(outcome.funded) == sorted(RED[:5] + BLUE[:5])
    assert outcome.share == 10205
    assert es.voters_without_funded_project(RED_BLUE_BALLOTS, outcome.funded) == 0
    plain = equal_shares(RED_BLUE_PROJECTS, RED_BLUE_BALLOTS, 1000000, completion=False)
    assert sorted(plain.funded) == sorted(RED[:5] + BLUE[:4])
    majority = greedy(RED_BLUE_PROJECTS, RED_BLUE_BALLOTS, 1000000)
    assert sorted(majority.funded) == RED
    assert es.voters_without_funded_project(RED_BLUE_BALLOTS, majority.funded) == Fraction(49, 100)
    assert majority.explanations["b0"].reason == es.OVER_BUDGET
    assert majority.explanations["b0"].remaining_budget == 0


def test_tie_break_lower_cost_then_id():
    """Equal effective vote counts: more approvals, then lower cost, then lower id."""
    outcome = equal_shares({"a": 200, "b": 100}, [{"a", "b"}] * 2, 200)
    assert outcome.funded == ["b"]  # both have effective vote count 2; b is cheaper
    outcome = equal_shares({"b": 100, "a": 100}, [{"a", "b"}] * 2, 100)
    assert outcome.funded == ["a"]  # same votes, same cost: lower id
    majority = greedy({"b": 100, "a": 100, "c": 50}, [{"a", "b", "c"}, {"c"}], 100)
    assert majority.funded == ["c"]  # more votes first, then "a" no longer fits


def test_tie_break_more_votes_first():
    """z (4 supporters, 40) goes first and empties voter 0. Then x (voters 0-2, cost 20) is
    paid by voters 1 and 2 alone, 10 each: effective vote count 2, the same as y (voters 3
    and 4, cost 18, 9 each). x has more approvals and goes before the cheaper y."""
    ballots = [{"z", "x"}, {"x"}, {"x"}, {"y"}, {"y"}, {"z"}, {"z"}, {"z"}]
    outcome = equal_shares({"z": 40, "x": 20, "y": 18}, ballots, 80, completion=False)
    assert outcome.funded == ["z", "x", "y"]
    assert outcome.explanations["x"].payments == ((Fraction(10), 2),)


def test_eligibility_rule_swiecie():
    """A project needs a vote share of at least cost / (3 × budget)."""
    ballots = [{"cheap"}] * 9 + [{"dear", "cheap"}]
    # dear: 10 % of the votes, needs 600/(3 × 1000) = 20 %: not eligible.
    projects = {"cheap": 100, "dear": 600}
    outcome = equal_shares(projects, ballots, 1000, eligibility=True)
    assert outcome.explanations["dear"].reason == es.NOT_ELIGIBLE
    assert outcome.funded == ["cheap"]
    # Exactly at the threshold is eligible: 2 of 10 votes for 600 of 1000.
    ballots = [{"cheap"}] * 8 + [{"dear", "cheap"}] * 2
    assert es.eligible_projects(
        {"cheap": Fraction(100), "dear": Fraction(600)},
        {"cheap": 10, "dear": 2},
        10,
        Fraction(1000),
    ) == {"cheap", "dear"}
    assert greedy(projects, ballots, 1000, eligibility=True).funded == ["cheap", "dear"]


def test_leftover_fill_is_opt_in():
    # The majority's project is dear; the small one fits in the leftover by votes.
    projects = {"big": 900, "small": 200}
    ballots = [{"big"}] * 9 + [{"small"}]
    outcome = equal_shares(projects, ballots, 1000)
    filled = equal_shares(projects, ballots, 1000, fill_greedily=True)
    assert set(filled.funded) >= set(outcome.funded)
    for p in filled.funded:
        if p not in outcome.funded:
            assert filled.explanations[p].reason == es.FUNDED_LEFTOVER
    assert filled.spent <= 1000


def test_no_votes_and_zero_cost():
    outcome = equal_shares({"a": 10}, [], 100)
    assert outcome.funded == [] and outcome.explanations["a"].reason == es.NO_SUPPORTERS
    outcome = equal_shares({"a": 10, "b": 10}, [{"a"}], 100)
    assert outcome.explanations["b"].reason == es.NO_SUPPORTERS
    with pytest.raises(ValueError):
        equal_shares({"a": 0}, [{"a"}], 100)


def test_parts_run_per_district():
    parts = [
        Part("north", 100, {"n1": 60, "n2": 60}, [{"n1"}, {"n1"}, {"n2"}]),
        Part("south", 50, {"s1": 50}, [{"s1"}]),
    ]
    outcomes = run_by_part(equal_shares, parts)
    assert outcomes["north"].funded == ["n1"]
    assert outcomes["south"].funded == ["s1"]
    assert outcomes["north"].budget == 100


def test_outcome_as_dict_is_json_safe():
    import json

    outcome = equal_shares(SAMPLE_PROJECTS, SAMPLE_BALLOTS, 100000, completion=False)
    data = json.loads(json.dumps(outcome.as_dict()))
    assert data["funded"] == ["1", "2"]
    first = data["explanations"][0]
    assert first["max_payment"] == {"exact": "5000/3", "sek": 1666.67}


# --- properties on random small instances -------------------------------------------------


def random_instance(rng, voters=None, projects=None):
    n = voters or rng.randint(1, 6)
    m = projects or rng.randint(1, 5)
    costs = {f"p{i}": rng.randint(1, 40) for i in range(m)}
    ballots = [{p for p in costs if rng.random() < 0.5} for _ in range(n)]
    budget = rng.randint(1, 80)
    return costs, ballots, budget


def utility(ballot, chosen, costs):
    return sum(costs[p] for p in chosen if p in ballot)


def satisfies_ejr_up_to_one(costs, ballots, budget, chosen):
    """Brute force over every group S of voters and every set T of projects all of S approve
    with |S| / n × budget >= cost(T): some voter in S gets at least cost(T), or would get more
    than cost(T) with one more project of T (Peters, Pierczyński, Skowron 2021, Def. EJR-1)."""
    n = len(ballots)
    chosen = set(chosen)
    for size in range(1, n + 1):
        for group in itertools.combinations(range(n), size):
            common = set.intersection(*(set(ballots[i]) for i in group))
            for t_size in range(1, len(common) + 1):
                for t in itertools.combinations(sorted(common), t_size):
                    cost_t = sum(costs[p] for p in t)
                    if Fraction(size, n) * budget < cost_t:
                        continue
                    missing = [p for p in t if p not in chosen]
                    if not any(
                        utility(ballots[i], chosen, costs) >= cost_t
                        or any(
                            utility(ballots[i], chosen, costs) + costs[p] > cost_t for p in missing
                        )
                        for i in group
                    ):
                        return False
    return True


@pytest.mark.parametrize("seed", range(150))
def test_random_instances_stay_within_budget_and_satisfy_ejr_up_to_one(seed):
    rng = random.Random(seed)
    costs, ballots, budget = random_instance(rng)
    for options in ({"completion": False}, {}, {"fill_greedily": True}):
        outcome = equal_shares(costs, ballots, budget, **options)
        assert outcome.spent <= budget
        assert len(set(outcome.funded)) == len(outcome.funded)
        assert satisfies_ejr_up_to_one(costs, ballots, budget, outcome.funded), (
            costs,
            ballots,
            budget,
            options,
            outcome.funded,
        )
        # Every funded project's cost is paid exactly by its supporters.
        for p in outcome.funded:
            explanation = outcome.explanations[p]
            if explanation.reason == es.FUNDED:
                assert sum(a * c for a, c in explanation.payments) == costs[p]
                assert all(a <= outcome.share for a, _ in explanation.payments)
            # Every unfunded project says why.
        for p, explanation in outcome.explanations.items():
            if not explanation.funded and explanation.reason == es.NOT_AFFORDABLE:
                assert explanation.supporters_money < costs[p]
        assert set(outcome.explanations) == set(costs)
    assert greedy(costs, ballots, budget).spent <= budget


@pytest.mark.parametrize("seed", range(30))
def test_ballot_order_does_not_matter(seed):
    rng = random.Random(1000 + seed)
    costs, ballots, budget = random_instance(rng, voters=8, projects=6)
    shuffled = list(ballots)
    rng.shuffle(shuffled)
    assert (
        equal_shares(costs, ballots, budget).funded == equal_shares(costs, shuffled, budget).funded
    )


def test_ejr_checker_catches_a_violation():
    """The brute-force checker itself must fail an unfair outcome: the greedy one above."""
    costs = dict.fromkeys(RED[:2] + BLUE[:2], 1)
    ballots = [set(RED[:2])] * 2 + [set(BLUE[:2])] * 2
    assert not satisfies_ejr_up_to_one(costs, ballots, 2, RED[:2])
    assert satisfies_ejr_up_to_one(costs, ballots, 2, equal_shares(costs, ballots, 2).funded)


def test_against_pabutools_when_installed():
    """pabutools is the reference implementation (GPL: never a dependency, skipped when absent)."""
    pabutools = pytest.importorskip("pabutools")  # noqa: F841
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.rules import method_of_equal_shares

    rng = random.Random(7)
    compared = 0
    for _ in range(60):
        n, m = rng.randint(2, 8), rng.randint(2, 6)
        # distinct costs make exact ties unlikely, so both tie rules agree
        costs = dict(zip((f"p{i}" for i in range(m)), rng.sample(range(3, 97), m), strict=True))
        ballots = [{p for p in costs if rng.random() < 0.5} for _ in range(n)]
        budget = rng.randint(10, 150)
        project_objs = {p: Project(p, c) for p, c in costs.items()}
        instance = Instance(project_objs.values(), budget_limit=budget)
        profile = ApprovalProfile([ApprovalBallot(project_objs[p] for p in b) for b in ballots])
        theirs = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
        ours = equal_shares(costs, ballots, budget, completion=False)
        assert {p.name for p in theirs} == set(ours.funded)
        compared += 1
    assert compared


# --- pabulib ------------------------------------------------------------------------------


def test_pabulib_round_trip():
    pb = pabulib.PbFile(
        meta={"description": "Medborgarbudget; Exempelkommun", "budget": 100000},
        projects=[
            {"project_id": "1", "cost": "5000", "name": 'Bänkar "vid" ån; norr', "votes": "3"},
            {"project_id": "2", "cost": "10000", "name": "Lekplats\nmed rad", "votes": "2"},
        ],
        votes=[{"voter_id": "1", "vote": ["1", "2"]}, {"voter_id": "2", "vote": []}],
    )
    text = pabulib.dumps(pb)
    assert text.startswith("META\nkey;value\n")
    assert "\nPROJECTS\nproject_id;cost;name;votes\n" in text
    assert "\nVOTES\nvoter_id;vote\n1;1,2\n" in text
    back = pabulib.loads(text)
    assert back.meta["description"] == "Medborgarbudget; Exempelkommun"
    assert back.meta["num_votes"] == "2"
    assert back.projects[0]["name"] == 'Bänkar "vid" ån; norr'
    assert back.projects[1]["name"] == "Lekplats med rad"
    assert [v["vote"] for v in back.votes] == [["1", "2"], []]


def test_pabulib_reads_the_published_sample():
    text = (
        "META\nkey;value\ndescription;Example election\nnum_projects;3\nnum_votes;4\n"
        "budget;100000\nvote_type;approval\nPROJECTS\nproject_id;name;cost\n1;Project 1;5000\n"
        "2;Project 2;10000\n3;Project 3;85000\nVOTES\nvoter_id;vote\n1;1,2\n2;1\n3;3\n4;1,2,3\n"
    )
    pb = pabulib.loads(text)
    costs = {row["project_id"]: int(row["cost"]) for row in pb.projects}
    ballots = [set(row["vote"]) for row in pb.votes]
    assert costs == SAMPLE_PROJECTS and ballots == SAMPLE_BALLOTS
    assert equal_shares(costs, ballots, int(pb.meta["budget"])).funded == ["1", "2", "3"]
    with pytest.raises(ValueError):
        pabulib.loads("1;2\n")
