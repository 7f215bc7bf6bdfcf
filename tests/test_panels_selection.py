"""The panel draw: LEXIMIN against brute force, quotas, the verifiable draw, the greedy draw."""

import itertools
import random

import highspy
import numpy as np
import pytest

from wagtail_medborgardialog.panels import selection
from wagtail_medborgardialog.panels.selection import Pool


def small_pool(seed, n=9, k=4):
    rng = random.Random(seed)
    volunteers = {
        f"p{i:02d}": {
            "gender": rng.choice(["f", "f", "m", "m", "x"]),
            "age": rng.choice(["young", "old", "old"]),
            "district": rng.choice(["north", "south", "south"]),
        }
        for i in range(n)
    }
    quotas = {
        ("gender", "f"): (1, 3),
        ("gender", "m"): (1, 3),
        ("gender", "x"): (0, 1),
        ("age", "young"): (1, k),
        ("age", "old"): (1, k),
        ("district", "north"): (1, 2),
        ("district", "south"): (1, k),
    }
    return Pool(volunteers, quotas, k)


def feasible_panels(pool):
    return [p for p in itertools.combinations(pool.ids, pool.size) if pool.panel_meets_quotas(p)]


def _lp_max(panels, ids, objective_row, constraints):
    """max objective·lambda s.t. sum lambda = 1 and constraints (row, lower)."""
    m = len(panels)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.addVars(m, np.zeros(m), np.ones(m))
    h.changeColsCost(m, np.arange(m, dtype=np.int32), np.asarray(objective_row, dtype=float))
    h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
    for row, lower in constraints:
        h.addRow(lower, highspy.kHighsInf, m, np.arange(m, dtype=np.int32), np.asarray(row))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return h.getInfo().objective_function_value


def brute_force_leximin(pool):
    """Textbook LEXIMIN over every feasible panel: raise the lowest level, then fix exactly the
    volunteers who cannot rise above it (one LP each), and repeat."""
    panels = feasible_panels(pool)
    ids = pool.ids
    member = {pid: [1.0 if pid in p else 0.0 for p in panels] for pid in ids}
    never = {pid for pid in ids if not any(member[pid])}
    fixed = dict.fromkeys(never, 0.0)
    while len(fixed) < len(ids):
        unfixed = [pid for pid in ids if pid not in fixed]
        # max z: variables lambda (m) and z; done by bisection-free LP with z as a column.
        m = len(panels)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.addVars(m + 1, np.zeros(m + 1), np.ones(m + 1))
        cost = np.zeros(m + 1)
        cost[m] = 1
        h.changeColsCost(m + 1, np.arange(m + 1, dtype=np.int32), cost)
        h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
        for pid in unfixed:
            h.addRow(
                0,
                highspy.kHighsInf,
                m + 1,
                np.arange(m + 1, dtype=np.int32),
                np.array(member[pid] + [-1.0]),
            )
        for pid, level in fixed.items():
            h.addRow(
                level - 1e-9,
                highspy.kHighsInf,
                m,
                np.arange(m, dtype=np.int32),
                np.array(member[pid]),
            )
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.run()
        z = h.getInfo().objective_function_value
        constraints = [(member[pid], z - 1e-9) for pid in unfixed]
        constraints += [(member[pid], level - 1e-9) for pid, level in fixed.items()]
        for pid in unfixed:
            if _lp_max(panels, ids, member[pid], constraints) <= z + 1e-7:
                fixed[pid] = z
    return fixed


@pytest.mark.parametrize("seed", range(6))
def test_leximin_equals_brute_force_on_small_pools(seed):
    pool = small_pool(seed)
    assert feasible_panels(pool), "the generated pool should have a feasible panel"
    expected = brute_force_leximin(pool)
    lottery = selection.leximin(pool)
    got = lottery.marginals()
    for pid in pool.ids:
        assert got[pid] == pytest.approx(expected[pid], abs=1e-5), pid
    assert sum(got.values()) == pytest.approx(pool.size, abs=1e-6)
    # every panel of the distribution meets the quotas (checked per drawn volunteer set)
    for i in range(40):
        panel = selection.draw(lottery, f"seed-{i}")
        assert pool.panel_meets_quotas(panel)


def test_maximin_raises_the_lowest_as_leximin_does():
    pool = small_pool(3, n=10)
    low = min(selection.leximin(pool).marginals().values())
    assert min(selection.maximin(pool).marginals().values()) == pytest.approx(low, abs=1e-6)


def test_every_profile_meets_quotas_and_probabilities_sum_to_k():
    pool = small_pool(11, n=12, k=5)
    lottery = selection.leximin(pool)
    assert sum(lottery.probabilities) == pytest.approx(1.0)
    for profile in lottery.profiles:
        # the first volunteers of each type stand for the profile
        panel = [pid for t, seats in enumerate(profile) for pid in lottery.type_members[t][:seats]]
        assert pool.panel_meets_quotas(panel)
    assert sum(lottery.marginals().values()) == pytest.approx(5, abs=1e-6)


def test_draw_is_reproducible_and_depends_on_seed():
    pool = small_pool(5, n=12, k=5)
    lottery = selection.leximin(pool)
    first = selection.draw(lottery, "a4f0c3")
    assert selection.draw(lottery, "a4f0c3") == first
    # the published lottery, read back, gives the same panel
    again = selection.lottery_from_json(
        selection.pool_from_snapshot(selection.pool_snapshot(pool)), lottery.to_json()
    )
    assert selection.draw(again, "a4f0c3") == first
    panels = {tuple(selection.draw(lottery, f"s{i}")) for i in range(30)}
    assert len(panels) > 1


def test_draw_frequencies_follow_the_probabilities():
    pool = small_pool(2, n=8, k=3)
    lottery = selection.leximin(pool)
    counts = dict.fromkeys(pool.ids, 0)
    runs = 3000
    for i in range(runs):
        for pid in selection.draw(lottery, str(i)):
            counts[pid] += 1
    for pid, p in lottery.marginals().items():
        assert counts[pid] / runs == pytest.approx(p, abs=0.04)


def test_uniform_below_is_fixed_by_its_definition():
    # HMAC-SHA256 with key "seed" over "panel:0"; anyone can recompute this in any language.
    import hashlib
    import hmac

    value = int.from_bytes(hmac.new(b"seed", b"panel:0", hashlib.sha256).digest(), "big")
    assert selection.uniform_below("seed", "panel", 1000) == value % 1000


def test_replacement_keeps_quotas_and_is_deterministic():
    pool = small_pool(4, n=12, k=5)
    lottery = selection.leximin(pool)
    panel = selection.draw(lottery, "x")
    leaving = panel[0]
    first = selection.replacement(pool, panel, leaving, "x", 1)
    assert first not in panel
    assert selection.replacement(pool, panel, leaving, "x", 1) == first
    assert pool.panel_meets_quotas([pid for pid in panel if pid != leaving] + [first])


def test_replacement_without_candidate_is_a_clear_error():
    volunteers = {"a": {"g": "f"}, "b": {"g": "m"}, "c": {"g": "m"}}
    pool = Pool(volunteers, {("g", "f"): (1, 1), ("g", "m"): (1, 1)}, 2)
    with pytest.raises(selection.InfeasibleQuotas, match="keeps the quotas"):
        selection.replacement(pool, ["a", "b"], "a", "s", 1)


def test_infeasible_quotas_are_a_clear_error():
    volunteers = {f"v{i}": {"g": "f" if i < 2 else "m"} for i in range(6)}
    pool = Pool(volunteers, {("g", "f"): (3, 4), ("g", "m"): (0, 4)}, 4)
    with pytest.raises(selection.InfeasibleQuotas, match="No panel meets the quotas"):
        selection.leximin(pool)
    with pytest.raises(selection.InfeasibleQuotas):
        Pool(volunteers, {("g", "f"): (0, 4), ("g", "m"): (0, 4)}, 7)
    with pytest.raises(selection.InfeasibleQuotas, match="needs at least"):
        selection.leximin(
            Pool(volunteers, {("g", "f"): (0, 4), ("g", "m"): (0, 4), ("g", "x"): (1, 1)}, 4)
        )


def test_snapshot_is_canonical():
    pool = small_pool(1)
    snap = selection.pool_snapshot(pool)
    reordered = Pool(dict(reversed(list(pool.volunteers.items()))), pool.quotas, pool.size)
    assert selection.canonical_json(selection.pool_snapshot(reordered)) == (
        selection.canonical_json(snap)
    )
    assert selection.pool_from_snapshot(snap).volunteers == pool.volunteers


def test_gini():
    assert selection.gini([0.5, 0.5, 0.5]) == pytest.approx(0.0)
    assert selection.gini([0.0, 0.0, 0.0, 1.0]) == pytest.approx(0.75)


def paper_shaped_pool(seed, n, k):
    """A pool shaped like the paper's: skewed volunteering, quotas from population shares."""
    rng = random.Random(seed)
    categories = {
        "gender": (["f", "m", "x"], [48, 50, 2], [50, 49, 1]),
        "age": (["16-29", "30-44", "45-64", "65+"], [8, 17, 40, 35], [25, 25, 30, 20]),
        "district": (["a", "b", "c", "d", "e"], [35, 25, 20, 12, 8], [20, 20, 20, 20, 20]),
        "education": (["basic", "upper", "higher"], [8, 30, 62], [25, 40, 35]),
        "occupation": (["work", "study", "retired", "other"], [50, 8, 34, 8], [55, 15, 20, 10]),
        "attitude": (["low", "mid", "high"], [12, 33, 55], [30, 40, 30]),
    }
    volunteers = {
        f"v{i:04d}": {
            c: rng.choices(vals, weights=pool_w)[0] for c, (vals, pool_w, _) in categories.items()
        }
        for i in range(n)
    }
    quotas = {}
    for c, (vals, _, population) in categories.items():
        for v, share in zip(vals, population):
            target = k * share / 100
            quotas[(c, v)] = (max(0, int(target) - 1), int(target) + 2)
    return Pool(volunteers, quotas, k)


@pytest.mark.slow
def test_leximin_beats_greedy_on_paper_shaped_pool():
    pool = paper_shaped_pool(7, n=150, k=15)
    lottery = selection.leximin(pool)
    lex = selection.fairness(lottery.marginals())
    greedy = selection.fairness(selection.greedy_probabilities(pool, runs=400, seed=1))
    assert lex["sum"] == pytest.approx(15, abs=1e-5)
    assert lex["minimum"] > 0
    assert lex["minimum"] >= greedy["minimum"]
    assert lex["gini"] <= greedy["gini"] + 1e-9


def test_mixed_seed_is_hmac_of_the_normalised_public_value():
    import hashlib
    import hmac

    assert selection.mixed_seed("abc", "") == "abc"
    expected = hmac.new(b"abc", b"public:1 2 X", hashlib.sha256).hexdigest()
    assert selection.mixed_seed("abc", " 1  2 x ") == expected
    assert selection.mixed_seed("abc", "1 2 x") != selection.mixed_seed("abd", "1 2 x")


def test_highs_prints_nothing_on_standard_output():
    import subprocess
    import sys

    code = (
        "from tests.test_panels_selection import small_pool\n"
        "from wagtail_medborgardialog.panels import selection\n"
        "selection.leximin(small_pool(1))\n"
        "print('done')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout == "done\n"
    assert "HiGHS" not in result.stderr


def _by_levels(pool):
    """LEXIMIN the slow way: level by level, column generation over the whole panels."""
    keys, members = pool.types()
    counts = np.array([len(m) for m in members], dtype=float)
    oracle = selection._PanelOracle(pool, keys, members)
    return selection._leximin_by_levels(
        pool, keys, members, counts, oracle, None, selection.TOLERANCE
    )


def test_leximin_splits_the_fractional_optimum_into_panels_without_proofs():
    # A pool shaped like the paper's: the LEXIMIN over fractional panels is reached by whole
    # panels, so no mixed-integer programme has to prove a level optimal, and the result is
    # the one the level-by-level column generation gets.
    pool = paper_shaped_pool(7, n=100, k=10)
    lottery = selection.leximin(pool)
    assert lottery.solver_calls["way"] == "relaxation"
    assert lottery.solver_calls["mip"] == 0
    fast = np.array(lottery.type_probabilities())
    slow = np.array(_by_levels(pool).type_probabilities())
    assert fast.min() == pytest.approx(slow.min(), abs=1e-6)
    assert np.abs(fast - slow).max() < 1e-4
    assert sum(lottery.marginals().values()) == pytest.approx(10, abs=1e-6)
    assert all(0 < p <= 1 for p in lottery.probabilities)
    for profile in lottery.profiles:
        panel = [pid for t, seats in enumerate(profile) for pid in lottery.type_members[t][:seats]]
        assert pool.panel_meets_quotas(panel)


def test_leximin_goes_level_by_level_when_fractional_panels_do_better():
    # Two seats: exactly one x and one y, one u, one t, at most one v and one s. Only
    # {p1, p2} meets every quota, but halves of {p0, p4} and {p2, p1} do too as fractions, so
    # LEXIMIN over fractional panels gives p0 a chance no lottery of whole panels can.
    volunteers = {
        "p0": {"a": "x", "b": "v", "c": "s"},
        "p1": {"a": "y", "b": "v", "c": "s"},
        "p2": {"a": "x", "b": "u", "c": "t"},
        "p3": {"a": "y", "b": "v", "c": "t"},
        "p4": {"a": "y", "b": "u", "c": "s"},
        "p5": {"a": "y", "b": "v", "c": "t"},
    }
    quotas = {
        ("a", "x"): (1, 2),
        ("a", "y"): (1, 1),
        ("b", "u"): (1, 1),
        ("b", "v"): (0, 1),
        ("c", "s"): (0, 1),
        ("c", "t"): (1, 1),
    }
    pool = Pool(volunteers, quotas, 2)
    lottery = selection.leximin(pool)
    assert lottery.solver_calls["way"] == "levels"
    expected = brute_force_leximin(pool)
    got = lottery.marginals()
    assert expected == pytest.approx({"p0": 0, "p1": 1, "p2": 1, "p3": 0, "p4": 0, "p5": 0})
    for pid in pool.ids:
        assert got[pid] == pytest.approx(expected[pid], abs=1e-5), pid
