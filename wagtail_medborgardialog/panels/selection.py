"""Selecting a citizens' panel from its volunteers: LEXIMIN, maximin, the greedy draw.

Pure Python and the HiGHS solver (``highspy``); nothing here knows Django, so the same code
runs in the page's admin action, in ``medborgardialog_verify_draw`` and on anyone's machine
that wants to check a published draw.

The method is LEXIMIN as described by Flanigan, Gölz, Gupta, Hennig and Procaccia, "Fair
algorithms for selecting citizens' assemblies", Nature 596 (2021), implemented here from the
paper's description:

* A *panel* is a set of ``k`` volunteers that meets every quota (for each category value, at
  least ``min`` and at most ``max`` seats). A *lottery* is a probability distribution over
  panels; a volunteer's *selection probability* is the probability that the drawn panel
  includes them.
* LEXIMIN picks the lottery whose lowest selection probability is as high as possible, then,
  among those, the second lowest, and so on.
* Column generation: a linear programme over the panels found so far maximises the lowest
  selection probability of the volunteers not yet fixed (volunteers already fixed keep at
  least their level). Its dual gives each volunteer a weight; a mixed-integer programme with
  the quotas as constraints finds the panel of the largest total weight. If that panel weighs
  more than the dual's bound, it is added and the linear programme solved again; if not, the
  current level is optimal, and every volunteer whose dual weight is positive cannot rise
  above it (complementary slackness), so their probability is fixed. The weights for fixing
  come from an interior-point solution of the same dual (no crossover), which is positive for
  every volunteer held at the level, not only for those of one vertex; so one round per
  distinct level suffices. Repeat until every
  volunteer is fixed; finally a linear programme over the panels found gives a distribution
  with those probabilities.

One exact simplification: volunteers with the same answer in every category (a *type*) are
interchangeable, and the LEXIMIN probabilities are unique, so every volunteer of a type gets
the same probability. The programmes therefore work on types: a panel is a number of seats
per type, and drawing a panel draws such a profile, then the volunteers within each type
uniformly. This keeps a pool of a thousand volunteers small for the solver.

Numerical tolerance: ``TOLERANCE`` (1e-7) is the slack allowed when deciding that a found panel
improves the dual bound, and levels are kept up to it in the final distribution;
``FIXING_THRESHOLD`` (1e-6) is the interior-point weight above which a type's level is fixed.
Probabilities are exact to about 1e-6 (the tests compare against a brute-force LEXIMIN within
1e-5).

The draw is verifiable: ``pool_snapshot()`` is canonical JSON of the anonymised pool (pseudonym
ids and category values, the quotas, the size), committed to by its SHA-256 before the draw
together with the SHA-256 of a seed. The lottery is published with integer weights, and
``draw()`` turns the revealed seed into the panel with HMAC-SHA256 only (``uniform_below``), so
anyone can re-run the draw, in any language, and get the same panel bit for bit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

TOLERANCE = 1e-7
#: Integer weights of the published lottery sum to this (2**40): fine enough that rounding
#: moves no probability by more than about 1e-12, small enough for exact integer arithmetic.
WEIGHT_TOTAL = 2**40
#: A type's dual weight (from the interior-point solution) above this means its level cannot rise.
FIXING_THRESHOLD = 1e-6
SNAPSHOT_VERSION = 1


class SelectionError(ValueError):
    """The quotas cannot be met, or the input is not a pool."""


class InfeasibleQuotas(SelectionError):
    pass


# --------------------------------------------------------------------------------------------
# The problem
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quota:
    minimum: int
    maximum: int


@dataclass
class Pool:
    """Volunteers (pseudonym ids) with one value per category, quotas and the panel size."""

    volunteers: dict[str, dict[str, str]]
    quotas: dict[tuple[str, str], Quota]
    size: int
    categories: list[str] = field(default_factory=list)

    def __post_init__(self):
        if not self.categories:
            self.categories = sorted({category for category, _ in self.quotas})
        self.quotas = {
            key: quota if isinstance(quota, Quota) else Quota(int(quota[0]), int(quota[1]))
            for key, quota in self.quotas.items()
        }
        if self.size < 1:
            raise SelectionError("The panel size must be at least 1.")
        if self.size > len(self.volunteers):
            raise InfeasibleQuotas(
                f"The pool has {len(self.volunteers)} volunteers, fewer than the panel's "
                f"{self.size} seats."
            )
        for (category, value), quota in self.quotas.items():
            if category not in self.categories:
                raise SelectionError(f"Quota for unknown category {category!r}.")
            if quota.minimum < 0 or quota.maximum < quota.minimum:
                raise SelectionError(
                    f"Quota for {category}={value} has minimum {quota.minimum} and "
                    f"maximum {quota.maximum}."
                )
        for pid, answers in self.volunteers.items():
            for category in self.categories:
                value = answers.get(category)
                if value is None:
                    raise SelectionError(f"Volunteer {pid} has no value for {category!r}.")
                if (category, value) not in self.quotas:
                    raise SelectionError(
                        f"Volunteer {pid} has value {value!r} for {category!r}, which has no quota."
                    )

    @property
    def ids(self) -> list[str]:
        return sorted(self.volunteers)

    def panel_meets_quotas(self, panel: Iterable[str]) -> bool:
        panel = list(panel)
        if len(panel) != self.size or len(set(panel)) != len(panel):
            return False
        counts = dict.fromkeys(self.quotas, 0)
        for pid in panel:
            answers = self.volunteers[pid]
            for category in self.categories:
                counts[(category, answers[category])] += 1
        return all(q.minimum <= counts[key] <= q.maximum for key, q in self.quotas.items())

    # Types: volunteers with the same answers in every category.
    def types(self) -> tuple[list[tuple[str, ...]], list[list[str]]]:
        members: dict[tuple[str, ...], list[str]] = {}
        for pid in self.ids:
            answers = self.volunteers[pid]
            members.setdefault(tuple(answers[c] for c in self.categories), []).append(pid)
        keys = sorted(members)
        return keys, [members[key] for key in keys]


def pool_snapshot(pool: Pool) -> dict:
    """The anonymised pool as published: what the commitment hashes and the verifier reads."""
    return {
        "version": SNAPSHOT_VERSION,
        "size": pool.size,
        "categories": list(pool.categories),
        "quotas": [
            {"category": c, "value": v, "min": q.minimum, "max": q.maximum}
            for (c, v), q in sorted(pool.quotas.items())
        ],
        "volunteers": [
            {"id": pid, "values": {c: pool.volunteers[pid][c] for c in pool.categories}}
            for pid in pool.ids
        ],
    }


def pool_from_snapshot(data: Mapping) -> Pool:
    if data.get("version") != SNAPSHOT_VERSION:
        raise SelectionError("Unknown pool file version.")
    return Pool(
        volunteers={v["id"]: dict(v["values"]) for v in data["volunteers"]},
        quotas={(q["category"], q["value"]): Quota(q["min"], q["max"]) for q in data["quotas"]},
        size=int(data["size"]),
        categories=list(data["categories"]),
    )


def canonical_json(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------
# The solver's two programmes
# --------------------------------------------------------------------------------------------


def _highs():
    import highspy

    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    return solver


class _PanelOracle:
    """The mixed-integer programme: seats per type, sum = k, quotas; maximise a weight."""

    def __init__(self, pool: Pool, type_keys, type_members):
        import highspy

        self.highspy = highspy
        self.n = len(type_keys)
        self.counts = np.array([len(m) for m in type_members], dtype=float)
        h = _highs()
        h.setOptionValue("mip_rel_gap", 1e-7)
        # Keep the improving solutions found on the way: each one heavy enough is a column too,
        # which saves rounds of column generation.
        h.setOptionValue("mip_improving_solution_save", True)
        h.addVars(self.n, np.zeros(self.n), self.counts)
        idx = np.arange(self.n, dtype=np.int32)
        h.changeColsIntegrality(self.n, idx, np.array([highspy.HighsVarType.kInteger] * self.n))
        h.addRow(pool.size, pool.size, self.n, idx, np.ones(self.n))
        for ci, category in enumerate(pool.categories):
            for (c, value), quota in sorted(pool.quotas.items()):
                if c != category:
                    continue
                cols = np.array([t for t, key in enumerate(type_keys) if key[ci] == value])
                if len(cols) == 0:
                    if quota.minimum > 0:
                        raise InfeasibleQuotas(
                            f"No volunteer has {category}={value}, but its quota needs at "
                            f"least {quota.minimum}."
                        )
                    continue
                h.addRow(
                    quota.minimum,
                    min(quota.maximum, pool.size),
                    len(cols),
                    cols.astype(np.int32),
                    np.ones(len(cols)),
                )
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.h = h
        self.idx = idx

    def best(self, weights: np.ndarray) -> tuple[tuple[int, ...], float] | None:
        """The profile (seats per type) of largest weight, and its weight; None if none."""
        self.h.changeColsCost(self.n, self.idx, np.asarray(weights, dtype=float))
        self.h.run()
        status = self.h.getModelStatus()
        if status == self.highspy.HighsModelStatus.kInfeasible:
            return None
        if status != self.highspy.HighsModelStatus.kOptimal:
            raise SelectionError(f"The solver stopped: {self.h.modelStatusToString(status)}.")
        values = self.h.getSolution().col_value
        profile = tuple(round(v) for v in values)
        return profile, float(np.dot(weights, profile))

    def others(self) -> list[tuple[int, ...]]:
        """The other improving panels the last solve came across."""
        return [tuple(round(v) for v in s.col_value) for s in self.h.getSavedMipSolutions()]


@dataclass
class Lottery:
    """A distribution over panels, each panel a seat count per type."""

    pool: Pool
    type_keys: list[tuple[str, ...]]
    type_members: list[list[str]]
    profiles: list[tuple[int, ...]]
    probabilities: list[float]
    method: str

    def type_probabilities(self) -> list[float]:
        out = [0.0] * len(self.type_keys)
        for profile, p in zip(self.profiles, self.probabilities, strict=True):
            for t, seats in enumerate(profile):
                if seats:
                    out[t] += p * seats / len(self.type_members[t])
        return out

    def marginals(self) -> dict[str, float]:
        """Each volunteer's selection probability."""
        out = {}
        for t, p in enumerate(self.type_probabilities()):
            for pid in self.type_members[t]:
                out[pid] = p
        return out

    def integer_weights(self) -> list[int]:
        """The published weights: integers summing to WEIGHT_TOTAL (largest remainder)."""
        raw = [p * WEIGHT_TOTAL for p in self.probabilities]
        floors = [int(x) for x in raw]
        rest = WEIGHT_TOTAL - sum(floors)
        order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
        for i in order[:rest]:
            floors[i] += 1
        return floors

    def to_json(self) -> dict:
        """The lottery as published: profiles over types (by their values) and weights."""
        weights = self.integer_weights()
        rows = [
            {
                "seats": {
                    "|".join(self.type_keys[t]): seats for t, seats in enumerate(prof) if seats
                },
                "weight": w,
            }
            for prof, w in zip(self.profiles, weights, strict=True)
            if w
        ]
        rows.sort(key=lambda r: canonical_json(r["seats"]))
        return {"method": self.method, "weight_total": WEIGHT_TOTAL, "panels": rows}


def lottery_from_json(pool: Pool, data: Mapping) -> Lottery:
    keys, members = pool.types()
    index = {"|".join(k): t for t, k in enumerate(keys)}
    profiles, probabilities = [], []
    total = int(data["weight_total"])
    for row in data["panels"]:
        profile = [0] * len(keys)
        for key, seats in row["seats"].items():
            if key not in index:
                raise SelectionError(f"The lottery names a type not in the pool: {key}.")
            profile[index[key]] = int(seats)
        profiles.append(tuple(profile))
        probabilities.append(int(row["weight"]) / total)
    return Lottery(pool, keys, members, profiles, probabilities, data.get("method", "leximin"))


# --------------------------------------------------------------------------------------------
# LEXIMIN and maximin by column generation
# --------------------------------------------------------------------------------------------


def _initial_profiles(pool, oracle, counts) -> tuple[list[tuple[int, ...]], set[int]]:
    """Panels that together include every type that can be on a panel at all.

    Each round asks for the panel with the most seats for types not yet covered (weighted by
    1/size of the type, so small types are not crowded out); when even the best such panel
    has none, the remaining types cannot be on any panel and their probability is 0.
    """
    n = len(counts)
    first = oracle.best(np.zeros(n))
    if first is None:
        raise InfeasibleQuotas("No panel meets the quotas.")
    profiles = [first[0]]
    covered = {t for t, s in enumerate(first[0]) if s}
    while len(covered) < n:
        weights = np.array([0.0 if t in covered else 1.0 / counts[t] for t in range(n)])
        profile, _ = oracle.best(weights)
        new = {t for t, s in enumerate(profile) if s and t not in covered}
        if not new:
            break
        profiles.append(profile)
        covered |= new
    return profiles, covered


def _solve_dual(profiles, counts, unfixed, fixed, *, interior=False):
    """The dual of "maximise z: every unfixed type >= z, fixed types >= their level".

    min  yhat - sum_{fixed} p_t y_t
    s.t. sum_t y_t * seats_t(P) / count_t <= yhat   for each panel P found so far
         sum_{unfixed} y_t = 1,  y >= 0,  yhat free.
    Returns (y, yhat, objective).
    """
    import highspy

    n = len(counts)
    h = _highs()
    if interior:
        # An interior point without crossover lies in the relative interior of the optimal
        # face: its weights are positive for every type whose level cannot rise, not just
        # for those of one vertex, so one round fixes all of them.
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "off")
    inf = highspy.kHighsInf
    lower = np.zeros(n + 1)
    lower[n] = -inf
    upper = np.full(n + 1, inf)
    h.addVars(n + 1, lower, upper)
    cost = np.zeros(n + 1)
    for t, level in fixed.items():
        cost[t] = -level
    cost[n] = 1.0
    h.changeColsCost(n + 1, np.arange(n + 1, dtype=np.int32), cost)
    for profile in profiles:
        cols = [t for t, s in enumerate(profile) if s]
        vals = [profile[t] / counts[t] for t in cols]
        h.addRow(
            -inf,
            0.0,
            len(cols) + 1,
            np.array([*cols, n], dtype=np.int32),
            np.array([*vals, -1.0]),
        )
    cols = sorted(unfixed)
    h.addRow(1.0, 1.0, len(cols), np.array(cols, dtype=np.int32), np.ones(len(cols)))
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SelectionError(
            f"The linear programme stopped: {h.modelStatusToString(h.getModelStatus())}."
        )
    values = np.array(h.getSolution().col_value)
    return values[:n], values[n], h.getInfo().objective_function_value


def _final_distribution(profiles, counts, targets):
    """Probabilities over the panels found, giving each type at least its level.

    Maximises the smallest surplus over the targets (which is ~0), so the result keeps every
    level up to the solver's tolerance.
    """
    import highspy

    m, n = len(profiles), len(counts)
    h = _highs()
    inf = highspy.kHighsInf
    # columns: lambda_P (m), s (surplus, free)
    lower = np.zeros(m + 1)
    lower[m] = -inf
    upper = np.full(m + 1, inf)
    h.addVars(m + 1, lower, upper)
    cost = np.zeros(m + 1)
    cost[m] = 1.0
    h.changeColsCost(m + 1, np.arange(m + 1, dtype=np.int32), cost)
    h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
    for t in range(n):
        cols = [j for j, prof in enumerate(profiles) if prof[t]]
        vals = [profiles[j][t] / counts[t] for j in cols]
        h.addRow(
            targets[t],
            inf,
            len(cols) + 1,
            np.array([*cols, m], dtype=np.int32),
            np.array([*vals, -1.0]),
        )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SelectionError("No distribution over the panels found gives the levels.")
    values = np.clip(np.array(h.getSolution().col_value[:m]), 0.0, None)
    return values / values.sum()


def leximin(pool: Pool, *, levels: int | None = None, tolerance: float = TOLERANCE) -> Lottery:
    """The LEXIMIN lottery (``levels=1``: maximin, only the lowest probability raised)."""
    type_keys, type_members = pool.types()
    counts = np.array([len(m) for m in type_members], dtype=float)
    oracle = _PanelOracle(pool, type_keys, type_members)
    profiles, coverable = _initial_profiles(pool, oracle, counts)
    seen = set(profiles)
    n = len(type_keys)
    fixed: dict[int, float] = {t: 0.0 for t in range(n) if t not in coverable}
    level_count = 0
    while len(fixed) < n and (levels is None or level_count < levels):
        unfixed = [t for t in range(n) if t not in fixed]
        while True:
            y, yhat, objective = _solve_dual(profiles, counts, unfixed, fixed)
            weights = np.clip(y, 0.0, None) / counts
            profile, value = oracle.best(weights)
            if value <= yhat + tolerance or profile in seen:
                break
            profiles.append(profile)
            seen.add(profile)
            for other in oracle.others():
                if other not in seen and float(np.dot(weights, other)) > yhat + tolerance:
                    profiles.append(other)
                    seen.add(other)
        level = max(0.0, min(1.0, objective))
        y, _, _ = _solve_dual(profiles, counts, unfixed, fixed, interior=True)
        newly = [t for t in unfixed if y[t] > FIXING_THRESHOLD]
        if not newly:  # cannot happen with an optimal dual (sum of unfixed y is 1)
            newly = [max(unfixed, key=lambda t: y[t])]
        for t in newly:
            fixed[t] = level
        level_count += 1
    if len(fixed) < n:  # maximin: the rest keep at least the lowest level
        lowest = min(fixed[t] for t in fixed if t in coverable) if coverable else 0.0
        for t in range(n):
            fixed.setdefault(t, lowest)
    targets = np.array([max(0.0, fixed[t] - tolerance) for t in range(n)])
    probabilities = _final_distribution(profiles, counts, targets)
    keep = [j for j, p in enumerate(probabilities) if p > 1e-12]
    total = float(sum(probabilities[j] for j in keep))
    return Lottery(
        pool,
        type_keys,
        type_members,
        [profiles[j] for j in keep],
        [float(probabilities[j]) / total for j in keep],
        "leximin" if levels is None else "maximin",
    )


def maximin(pool: Pool, *, tolerance: float = TOLERANCE) -> Lottery:
    return leximin(pool, levels=1, tolerance=tolerance)


# --------------------------------------------------------------------------------------------
# The greedy stratified draw (the common method, for comparison)
# --------------------------------------------------------------------------------------------


def greedy_panel(pool: Pool, rng: random.Random, *, attempts: int = 100) -> list[str] | None:
    """One panel by the greedy method most lotteries use.

    Repeatedly take the category value furthest below its minimum (the largest share of its
    still-available volunteers it still needs), and a random volunteer with it; when every
    minimum is met, a random volunteer who breaks no maximum. A volunteer who would break a
    maximum is never taken. If the draw gets stuck, it starts over (up to ``attempts``).
    """
    ids = pool.ids
    for _ in range(attempts):
        counts = dict.fromkeys(pool.quotas, 0)
        chosen: list[str] = []
        available = list(ids)

        def fits(pid, counts=counts):
            answers = pool.volunteers[pid]
            return all(
                counts[(c, answers[c])] < pool.quotas[(c, answers[c])].maximum
                for c in pool.categories
            )

        stuck = False
        while len(chosen) < pool.size:
            available = [pid for pid in available if fits(pid)]
            if not available:
                stuck = True
                break
            having: dict[tuple[str, str], int] = {}
            for pid in available:
                answers = pool.volunteers[pid]
                for c in pool.categories:
                    having[(c, answers[c])] = having.get((c, answers[c]), 0) + 1
            need_key = None
            best_ratio = 0.0
            for key, quota in sorted(pool.quotas.items()):
                missing = quota.minimum - counts[key]
                if missing <= 0:
                    continue
                if not having.get(key):
                    stuck = True
                    break
                ratio = missing / having[key]
                if ratio > best_ratio:
                    need_key, best_ratio = key, ratio
            if stuck:
                break
            need = (
                None
                if need_key is None
                else [pid for pid in available if pool.volunteers[pid][need_key[0]] == need_key[1]]
            )
            pid = rng.choice(need if need is not None else available)
            chosen.append(pid)
            available.remove(pid)
            for c in pool.categories:
                counts[(c, pool.volunteers[pid][c])] += 1
        if not stuck and pool.panel_meets_quotas(chosen):
            return sorted(chosen)
    return None


def greedy_probabilities(pool: Pool, *, runs: int = 1000, seed: int = 0) -> dict[str, float]:
    """The greedy draw's selection probabilities, estimated over ``runs`` draws (fixed seed)."""
    rng = random.Random(seed)  # noqa: S311 (a simulation for comparison, not the draw)
    hits = dict.fromkeys(pool.ids, 0)
    done = 0
    for _ in range(runs):
        panel = greedy_panel(pool, rng)
        if panel is None:
            continue
        done += 1
        for pid in panel:
            hits[pid] += 1
    if not done:
        raise InfeasibleQuotas("The greedy draw found no panel that meets the quotas.")
    return {pid: count / done for pid, count in hits.items()}


# --------------------------------------------------------------------------------------------
# Fairness figures
# --------------------------------------------------------------------------------------------


def gini(values: Sequence[float]) -> float:
    """The Gini coefficient (0: everyone the same chance; towards 1: very unequal)."""
    xs = sorted(values)
    n = len(xs)
    total = sum(xs)
    if n == 0 or total <= 0:
        return 0.0
    weighted = sum((i + 1) * x for i, x in enumerate(xs))
    return (2 * weighted) / (n * total) - (n + 1) / n


def fairness(probabilities: Mapping[str, float]) -> dict:
    values = list(probabilities.values())
    return {
        "minimum": min(values) if values else 0.0,
        "maximum": max(values) if values else 0.0,
        "gini": gini(values),
        "sum": sum(values),
    }


# --------------------------------------------------------------------------------------------
# The verifiable draw
# --------------------------------------------------------------------------------------------


def uniform_below(seed: str, label: str, n: int) -> int:
    """A uniform integer in [0, n) from HMAC-SHA256(seed, "label:counter"), by rejection."""
    if n < 1:
        raise ValueError("n must be positive")
    space = 2**256
    limit = space - space % n
    counter = 0
    while True:
        digest = hmac.new(seed.encode(), f"{label}:{counter}".encode(), hashlib.sha256)
        value = int.from_bytes(digest.digest(), "big")
        if value < limit:
            return value % n
        counter += 1


def _sample(seed: str, label: str, items: Sequence[str], k: int) -> list[str]:
    """k of the items (sorted), chosen uniformly by a seeded Fisher–Yates shuffle."""
    items = sorted(items)
    for i in range(k):
        j = i + uniform_below(seed, f"{label}:{i}", len(items) - i)
        items[i], items[j] = items[j], items[i]
    return sorted(items[:k])


def draw(lottery: Lottery, seed: str) -> list[str]:
    """One panel from the lottery: the same lottery and seed give the same panel.

    The profile is chosen by the published integer weights in their published order, then the
    volunteers of each type by a seeded shuffle of their sorted ids.
    """
    published = lottery.to_json()
    point = uniform_below(seed, "panel", published["weight_total"])
    chosen_row = None
    for row in published["panels"]:
        if point < row["weight"]:
            chosen_row = row
            break
        point -= row["weight"]
    assert chosen_row is not None
    keys = {"|".join(k): t for t, k in enumerate(lottery.type_keys)}
    panel: list[str] = []
    for key in sorted(chosen_row["seats"]):
        members = lottery.type_members[keys[key]]
        panel.extend(_sample(seed, f"type:{key}", members, chosen_row["seats"][key]))
    return sorted(panel)


def replacement(
    pool: Pool, panel: Sequence[str], leaving: str, seed: str, number: int, excluded=()
) -> str:
    """A volunteer to take ``leaving``'s seat so the quotas still hold.

    Chosen uniformly, from the seed and the replacement's number, among the volunteers not on
    the panel and not ``excluded`` (who declined or left before) whose answers keep every quota.
    """
    if leaving not in panel:
        raise SelectionError(f"{leaving} is not on the panel.")
    rest = [pid for pid in panel if pid != leaving]
    gone = set(panel) | set(excluded)
    candidates = [
        pid for pid in pool.ids if pid not in gone and pool.panel_meets_quotas([*rest, pid])
    ]
    if not candidates:
        raise InfeasibleQuotas("No volunteer left in the pool keeps the quotas.")
    return candidates[uniform_below(seed, f"replacement:{number}", len(candidates))]
