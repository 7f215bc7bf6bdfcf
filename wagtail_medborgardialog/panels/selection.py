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
* The fast way first (``_leximin_by_relaxation``). A *fractional panel* meets the quotas with
  fractional seats (the quotas' linear relaxation). Every lottery over whole panels gives
  probabilities that a fractional panel gives too, so LEXIMIN over the fractional panels is at
  least as good, level by level, as LEXIMIN over whole panels; when some lottery over whole
  panels reaches it, that lottery is LEXIMIN and nothing else needs proving. LEXIMIN over the
  fractional panels takes a few small linear programmes (``_relaxed_leximin``): maximise the
  lowest probability of the types not yet fixed; with it held there, maximise the sum of their
  probabilities, and the types that rise above the level can rise and are dropped from the
  candidates until none rises: those left cannot rise in any optimum and are fixed at the level.
  The resulting fractional panel is then split into whole panels (``_split_into_panels``,
  Carathéodory's way): a whole panel on the smallest face of the relaxation that holds the point
  is taken with the largest share that leaves the rest in the relaxation; the rest lies on a
  smaller face, and so on. A linear programme over the panels found checks that they give every
  type its level (column generation adds panels if the split stopped short) and gives the
  distribution closest to the levels.
* When no lottery over whole panels reaches it (the oracle proves this, or a step fails), level
  by level over the whole panels (``_leximin_by_levels``), by column generation: a linear
  programme over the panels found so far maximises the lowest selection probability of the
  volunteers not yet fixed (volunteers already fixed keep at least their level). Its dual gives
  each volunteer a weight; a mixed-integer programme with the quotas as constraints finds the
  panel of the largest total weight. If that panel weighs more than the dual's bound, it is
  added and the linear programme solved again; if not, the current level is optimal, and every
  volunteer whose dual weight is positive cannot rise above it (complementary slackness), so
  their probability is fixed. The weights for fixing come from an interior-point solution of
  the same dual (no crossover), which is positive for every volunteer held at the level, not
  only for those of one vertex, so all of them are fixed together. That dual is checked against
  every panel with the oracle (it must hold for panels not yet found too); a panel that breaks
  it is added and the level settled again, and after two such checks the programme's own dual,
  which the oracle has proved, is used. Repeat until every volunteer is fixed; finally a linear
  programme over the panels found gives a distribution with those probabilities.

How it is kept fast (none of it changes the result):

* on pools like the paper's the fast way succeeds: no mixed-integer programme has to prove a
  level optimal; the mixed-integer programme only finds *some* whole panel on a face when the
  relaxation's vertex there is fractional (it stops at the first one, ``mip_rel_gap`` 1). For
  1,000 volunteers and 40 seats (469 types): 16 levels in 57 small linear programmes (0.2 s),
  about 400 split steps with about 350 such short mixed-integer programmes (almost all of the
  time), one check;
* level by level, the linear programme over panels (``_Master``) is built once; found panels
  are added as columns and fixing a type changes only its row, so the primal simplex goes on
  from the last basis instead of starting over;
* a new panel is looked for in order of cost: the oracle's linear relaxation (its optimum bounds
  every panel's weight, so when it does not beat the bound no panel does, and when its solution
  is whole it is the best panel), then a local search that moves one seat at a time from the
  heaviest panels found so far, and only when both fail the mixed-integer programme, which is
  then also the proof that no panel improves;
* the first level starts from panels found by multiplicative weights (the oracle's cheap ways
  only, no linear programme), which are close to the ones its optimum needs;
* the oracle is asked at points between the programme's dual and the best dual of the level so
  far (Wentges smoothing, several points per round), which gives several panels per solve and
  keeps the duals from jumping; optimality is still decided at the programme's own dual;
* panels out of the basis for many solves are dropped from the programme (kept for the final
  distribution);
* HiGHS's banner and log are silenced.

One exact simplification: volunteers with the same answer in every category (a *type*) are
interchangeable, and the LEXIMIN probabilities are unique, so every volunteer of a type gets
the same probability. The programmes therefore work on types: a panel is a number of seats
per type, and drawing a panel draws such a profile, then the volunteers within each type
uniformly. This keeps a pool of a thousand volunteers small for the solver.

Numerical tolerance: ``TOLERANCE`` (1e-7) is the slack allowed when deciding that a found panel
improves the dual bound, and levels are kept up to it in the final distribution;
``FIXING_THRESHOLD`` (1e-6) is the interior-point weight above which a type's level is fixed
(level by level); ``RISE_THRESHOLD`` (1e-9) is how far above the level a type must rise to
count as able to rise (the fast way, whose programmes keep their constraints to 1e-9).
Probabilities are exact to about 1e-6 (the tests compare against a brute-force LEXIMIN within
1e-5). Level by level, the slack of 1e-7 on each fixed type can gather on one higher type
(up to about 1e-4 for a type of one volunteer in a pool of 1,000); the fast way gives every
type its level to about 1e-7.

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
import os
import random
import sys
import threading
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
#: How many of the heaviest panels found so far start a local search for a new one.
LOCAL_STARTS = 3
#: How often the interior fixing dual is checked against every panel before the programme's
#: own (proved) dual is used instead.
CHECK_ROUNDS = 2
#: How many of the heaviest panels start a local search when the fixing dual is checked.
CHECK_STARTS = 12
#: Rounds and step of the multiplicative-weights warm start of the first level.
WARM_ROUNDS = 200
WARM_RATE = 0.5
#: Wentges smoothing: the weights of the best dual so far in the points the oracle is asked at
#: (several points per round give several panels for one solve of the linear programme).
SMOOTHING = (0.3, 0.6, 0.85)
#: A panel out of the linear programme's basis for this many solves in a row is dropped from it.
IDLE_ROUNDS = 60
#: Rounds of column generation allowed to complete the panels split from the fractional
#: LEXIMIN point before LEXIMIN goes level by level instead.
FEASIBILITY_ROUNDS = 200
#: A type whose probability rises above the level by more than this can rise.
RISE_THRESHOLD = 1e-9


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
# The solver's programmes
# --------------------------------------------------------------------------------------------

_BANNER_LOCK = threading.Lock()
_banner_shown = False


def _highs():
    """A silent HiGHS instance.

    HiGHS writes its banner to the process's standard output (below Python, so
    ``output_flag`` comes too late for it) when the first instance is made; that one is
    made with standard output pointed at the null device, once per process.
    """
    import highspy

    global _banner_shown
    if not _banner_shown:
        with _BANNER_LOCK:
            if not _banner_shown:
                _banner_shown = True
                sys.stdout.flush()
                try:
                    saved = os.dup(1)
                except OSError:
                    saved = None
                if saved is not None:
                    try:
                        with open(os.devnull, "w") as null:
                            os.dup2(null.fileno(), 1)
                            highspy.Highs()
                    finally:
                        os.dup2(saved, 1)
                        os.close(saved)
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    return solver


def _whole(values) -> tuple[int, ...]:
    """A solver's seat counts as a profile of whole numbers."""
    return tuple(np.rint(np.asarray(values, dtype=float)).astype(np.int64).tolist())


class _PanelOracle:
    """The panel of largest weight: seats per type, sum = k, quotas.

    Two programmes over the same rows: the linear relaxation (milliseconds) and the
    mixed-integer programme (a tenth of a second and more). The relaxation's optimum bounds
    every panel's weight from above, so when it is no more than the current bound no panel
    improves and the mixed-integer programme is not needed; when its solution is whole, it is
    itself the best panel. Only otherwise the mixed-integer programme runs. Both models are
    built once and only their objective changes between calls.
    """

    def __init__(self, pool: Pool, type_keys, type_members):
        import highspy

        self.highspy = highspy
        self.n = len(type_keys)
        self.counts = np.array([len(m) for m in type_members], dtype=float)
        self.idx = np.arange(self.n, dtype=np.int32)
        rows = [(pool.size, pool.size, self.idx)]
        for ci, category in enumerate(pool.categories):
            for (c, value), quota in sorted(pool.quotas.items()):
                if c != category:
                    continue
                cols = np.array(
                    [t for t, key in enumerate(type_keys) if key[ci] == value], dtype=np.int32
                )
                if len(cols) == 0:
                    if quota.minimum > 0:
                        raise InfeasibleQuotas(
                            f"No volunteer has {category}={value}, but its quota needs at "
                            f"least {quota.minimum}."
                        )
                    continue
                rows.append((quota.minimum, min(quota.maximum, pool.size), cols))
        self.rows = rows
        self.mip = self._model(rows, integer=True)
        self.relaxation = self._model(rows, integer=False)
        self.calls = {"relaxation": 0, "local": 0, "mip": 0, "face_lp": 0, "face_mip": 0}
        # For the local search: each type's value index per category, and the quotas per
        # category as arrays over those indices.
        self.value_index = np.zeros((self.n, len(pool.categories)), dtype=np.int64)
        self.lowest, self.highest = [], []
        for ci, category in enumerate(pool.categories):
            values = sorted(v for (c, v) in pool.quotas if c == category)
            position = {v: i for i, v in enumerate(values)}
            for t, key in enumerate(type_keys):
                self.value_index[t, ci] = position[key[ci]]
            self.lowest.append(np.array([pool.quotas[(category, v)].minimum for v in values]))
            self.highest.append(
                np.array([min(pool.quotas[(category, v)].maximum, pool.size) for v in values])
            )

    def _model(self, rows, *, integer):
        highspy = self.highspy
        h = _highs()
        h.addVars(self.n, np.zeros(self.n), self.counts)
        if integer:
            h.setOptionValue("mip_rel_gap", 1e-7)
            # Keep the improving solutions found on the way: each heavy enough is a column too.
            h.setOptionValue("mip_improving_solution_save", True)
            h.changeColsIntegrality(
                self.n, self.idx, np.array([highspy.HighsVarType.kInteger] * self.n)
            )
        for lower, upper, cols in rows:
            h.addRow(lower, upper, len(cols), cols, np.ones(len(cols)))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        return h

    def _solve(self, h, weights):
        h.changeColsCost(self.n, self.idx, weights)
        h.run()
        status = h.getModelStatus()
        if status == self.highspy.HighsModelStatus.kInfeasible:
            return None
        if status != self.highspy.HighsModelStatus.kOptimal:
            raise SelectionError(f"The solver stopped: {h.modelStatusToString(status)}.")
        return np.array(h.getSolution().col_value)

    def best(self, weights: np.ndarray) -> tuple[tuple[int, ...], float] | None:
        """The profile (seats per type) of largest weight, and its weight; None if none."""
        weights = np.asarray(weights, dtype=float)
        self.calls["mip"] += 1
        values = self._solve(self.mip, weights)
        if values is None:
            return None
        profile = _whole(values)
        return profile, float(np.dot(weights, profile))

    def local_search(self, weights, start) -> tuple[np.ndarray, float]:
        """From the panel ``start``, move one seat at a time to a heavier type while the quotas
        hold, the best move first, until no move gains: a heavy panel in milliseconds."""
        x = np.array(start, dtype=float)
        categories = range(self.value_index.shape[1])
        for _step in range(4 * int(x.sum()) + 10):
            held = np.flatnonzero(x > 0.5)
            # Only types weighing more than the lightest seat held can gain (the dual weights
            # are mostly zero, so these are few).
            targets = np.flatnonzero((weights > weights[held].min() + 1e-12) & (x < self.counts))
            if len(targets) == 0:
                break
            counts = [
                np.bincount(self.value_index[:, c], weights=x, minlength=len(self.lowest[c]))
                for c in categories
            ]
            into, out = self.value_index[targets], self.value_index[held]
            # may_add[b, c]: one more seat for target b keeps category c's maximum;
            # may_remove[a, c]: one seat fewer for held a keeps category c's minimum.
            may_add = np.stack(
                [counts[c][into[:, c]] + 1 <= self.highest[c][into[:, c]] for c in categories],
                axis=1,
            )
            may_remove = np.stack(
                [counts[c][out[:, c]] - 1 >= self.lowest[c][out[:, c]] for c in categories],
                axis=1,
            )
            same = out[:, None, :] == into[None, :, :]
            ok = np.all(same | (may_remove[:, None, :] & may_add[None, :, :]), axis=2)
            gains = np.where(ok, weights[targets][None, :] - weights[held][:, None], -np.inf)
            a, b = np.unravel_index(int(np.argmax(gains)), gains.shape)
            if gains[a, b] <= 1e-12:
                break
            x[held[a]] -= 1
            x[targets[b]] += 1
        return x, float(np.dot(weights, x))

    def heavy(self, weights, starts) -> tuple[int, ...]:
        """A panel with as much weight as the cheap ways find; the exact programme only when
        neither the relaxation nor the local search finds a panel with any weight."""
        weights = np.asarray(weights, dtype=float)
        values = self._solve(self.relaxation, weights)
        if values is None:
            raise InfeasibleQuotas("No panel meets the quotas.")
        rounded = np.round(values)
        if np.all(np.abs(values - rounded) <= 1e-9):
            return tuple(int(v) for v in rounded)
        best, best_weight = None, 0.0
        for start in starts:
            x, weight = self.local_search(weights, start)
            if weight > best_weight + 1e-12:
                best, best_weight = _whole(x), weight
        if best is not None:
            return best
        return self.best(weights)[0]

    def candidates(self, weights, starts) -> tuple[list[tuple[int, ...]], float]:
        """Heavy panels under ``weights`` found the cheap ways (the relaxation when its
        solution is whole, a local search from each of ``starts``), and the relaxation's
        optimum, which bounds every panel's weight."""
        weights = np.asarray(weights, dtype=float)
        self.calls["relaxation"] += 1
        values = self._solve(self.relaxation, weights)
        if values is None:
            raise InfeasibleQuotas("No panel meets the quotas.")
        out = []
        rounded = np.round(values)
        if np.all(np.abs(values - rounded) <= 1e-9):
            out.append(tuple(int(v) for v in rounded))
        for start in starts:
            self.calls["local"] += 1
            x, _weight = self.local_search(weights, start)
            profile = _whole(x)
            if profile not in out:
                out.append(profile)
        return out, float(np.dot(weights, values))

    def improving(self, weights: np.ndarray, bound: float, starts=()) -> list[tuple[int, ...]]:
        """Panels weighing more than ``bound``; [] proves that there is none.

        In order of cost: the relaxation (its bound proves there is none, or its whole
        solution is the best panel), a local search from the panels in ``starts``, and only
        then the mixed-integer programme.
        """
        weights = np.asarray(weights, dtype=float)
        self.calls["relaxation"] += 1
        values = self._solve(self.relaxation, weights)
        if values is None:
            raise InfeasibleQuotas("No panel meets the quotas.")
        self.last_relaxed = float(np.dot(weights, values))
        if self.last_relaxed <= bound:
            return []
        rounded = np.round(values)
        if np.all(np.abs(values - rounded) <= 1e-9):
            return [tuple(int(v) for v in rounded)]
        out = []
        for start in starts:
            self.calls["local"] += 1
            x, weight = self.local_search(weights, start)
            profile = _whole(x)
            if weight > bound and profile not in out:
                out.append(profile)
        if out:
            return out
        found = self.best(weights)
        if found is None or found[1] <= bound:
            return []
        out = [found[0]]
        for s in self.mip.getSavedMipSolutions():
            other = _whole(s.col_value)
            if other not in out and float(np.dot(weights, other)) > bound:
                out.append(other)
        return out


class _Master:
    """The linear programme over the panels found so far, kept between rounds.

    max z  s.t.  sum_P lambda_P * seats_t(P) / count_t - z >= 0  for each unfixed type t,
                 sum_P lambda_P * seats_t(P) / count_t      >= level_t  for each fixed type t,
                 sum_P lambda_P = 1,  lambda >= 0.

    New panels are added as columns and a fixed type only changes its row, so every solve
    starts from the previous basis. The duals of the type rows are the weights for the oracle,
    the dual of the last row is the bound a new panel must beat.
    """

    def __init__(self, counts, tolerance):
        import highspy

        self.highspy = highspy
        self.n = len(counts)
        self.counts = counts
        self.tolerance = tolerance
        inf = highspy.kHighsInf
        h = _highs()
        for _t in range(self.n):
            h.addRow(0.0, inf, 0, np.array([], dtype=np.int32), np.array([]))
        h.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))
        # z: free, weight 1, -1 in every type row.
        h.addCol(1.0, -inf, inf, self.n, np.arange(self.n, dtype=np.int32), -np.ones(self.n))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        # Presolve would throw the previous basis away; the warm start is worth more.
        h.setOptionValue("presolve", "off")
        # New columns keep the basis primal feasible: the primal simplex goes on from there.
        h.setOptionValue("simplex_strategy", 4)
        self.h = h
        # The panels in the programme (column j + 1; column 0 is z), as rows of a matrix too.
        self.profiles: list[tuple[int, ...]] = []
        self.members: set[tuple[int, ...]] = set()
        self.matrix = np.zeros((0, self.n))
        # Per panel: how many solves in a row it has been out of the basis.
        self.idle: list[int] = []

    def heaviest(self, weights, number):
        """The ``number`` panels in the programme that weigh most under ``weights``."""
        order = np.argsort(-(self.matrix[: len(self.profiles)] @ weights))[:number]
        return [self.profiles[j] for j in order]

    def add(self, profiles):
        for profile in profiles:
            if len(self.profiles) == len(self.matrix):
                grown = np.zeros((max(64, 2 * len(self.matrix)), self.n))
                grown[: len(self.matrix)] = self.matrix
                self.matrix = grown
            self.matrix[len(self.profiles)] = profile
            self.profiles.append(profile)
            self.members.add(profile)
            self.idle.append(0)
            rows = [t for t, s in enumerate(profile) if s]
            values = [profile[t] / self.counts[t] for t in rows]
            self.h.addCol(
                0.0,
                0.0,
                self.highspy.kHighsInf,
                len(rows) + 1,
                np.array([*rows, self.n], dtype=np.int32),
                np.array([*values, 1.0]),
            )

    def drop_idle(self, rounds):
        """Remove the panels that have been out of the basis for ``rounds`` solves in a row.

        They stay in the list of all panels found (the final distribution and the fixing
        dual use it); if one is needed again, the oracle finds it again. Only non-basic
        columns go, so the basis stays valid and the next solve goes on from it.
        """
        drop = [j for j, idle in enumerate(self.idle) if idle >= rounds]
        if len(drop) < max(50, len(self.profiles) // 10):
            return 0
        self.h.deleteCols(len(drop), np.array([j + 1 for j in drop], dtype=np.int32))
        keep = np.ones(len(self.profiles), dtype=bool)
        keep[drop] = False
        self.matrix = self.matrix[: len(self.profiles)][keep]
        self.profiles = [p for p, k in zip(self.profiles, keep, strict=True) if k]
        self.idle = [i for i, k in zip(self.idle, keep, strict=True) if k]
        self.members = set(self.profiles)
        return len(drop)

    def fix(self, t, level):
        self.h.changeCoeff(t, 0, 0.0)
        self.h.changeRowBounds(t, max(0.0, level - self.tolerance), self.highspy.kHighsInf)

    def solve(self):
        """(z, y over the types, bound)."""
        h = self.h
        h.run()
        status = h.getModelStatus()
        if status != self.highspy.HighsModelStatus.kOptimal:
            raise SelectionError(f"The linear programme stopped: {h.modelStatusToString(status)}.")
        kbasic = self.highspy.HighsBasisStatus.kBasic
        basic = [status == kbasic for status in h.getBasis().col_status[1:]]
        self.idle = [0 if b else i + 1 for i, b in zip(self.idle, basic, strict=True)]
        duals = np.array(h.getSolution().row_dual)
        # HiGHS's sign convention for a maximisation: make the type rows' duals non-negative.
        # The row "sum lambda = 1" then has the opposite sign of the bound every panel's weight
        # must stay under (a panel in the basis weighs exactly the bound).
        sign = -1.0 if duals[: self.n].sum() < 0 else 1.0
        duals *= sign
        return (
            h.getInfo().objective_function_value,
            np.clip(duals[: self.n], 0, None),
            -duals[self.n],
        )


@dataclass
class Lottery:
    """A distribution over panels, each panel a seat count per type."""

    pool: Pool
    type_keys: list[tuple[str, ...]]
    type_members: list[list[str]]
    profiles: list[tuple[int, ...]]
    probabilities: list[float]
    method: str
    #: How the lottery was computed (the solver's calls by kind, and ``way``: "relaxation" or
    #: "levels"); not published, empty for a lottery read from its file.
    solver_calls: dict = field(default_factory=dict, compare=False)

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
        profile = oracle.heavy(weights, profiles[-3:])
        new = {t for t, s in enumerate(profile) if s and t not in covered}
        if not new:
            break
        profiles.append(profile)
        covered |= new
    return profiles, covered


def _warm_start(oracle, counts, coverable, start_profiles) -> list[tuple[int, ...]]:
    """Panels near the first level's optimum, found without the linear programme.

    Multiplicative weights: each round the oracle's cheap ways give a heavy panel under the
    current weights per type, and the weight of every type that panel favours shrinks by
    ``exp(-WARM_RATE * probability it gives the type)``. The average of these panels tends to a
    lottery that raises the lowest probability, so the panels found are the ones the first
    level needs, and column generation starts near its end instead of from a handful.
    """
    n = len(counts)
    y = np.zeros(n)
    y[coverable] = 1.0
    found: dict[tuple[int, ...], None] = dict.fromkeys(start_profiles)
    recent = list(start_profiles[-LOCAL_STARTS:])
    for _round in range(WARM_ROUNDS):
        weights = y / y.sum() / counts
        candidates, _bound = oracle.candidates(weights, starts=recent[-1:])
        matrix = np.array(candidates, dtype=float)
        best = candidates[int(np.argmax(matrix @ weights))]
        if best not in found:
            found[best] = None
            recent.append(best)
        y[coverable] *= np.exp(-WARM_RATE * np.array(best)[coverable] / counts[coverable])
    return list(found)


def _relaxed_leximin(oracle, counts):
    """LEXIMIN over the fractional panels (the oracle's linear relaxation): levels and a point.

    One linear programme over x (seats per type, fractional) and z: max z with x in the
    relaxation, x_t >= count_t * z for the types not yet fixed and x_t >= count_t * level_t for
    the fixed ones. At its optimum z*, the types that cannot rise above z* are found exactly:
    with z held at z*, maximise the sum of the candidates' probabilities; the candidates that
    rise above z* can, and are dropped; when none rises, every candidate left is at z* in every
    optimum and is fixed there. Repeat until every type is fixed. Returns the levels and the
    last solution x (a fractional panel that gives every type its level).
    """
    import highspy

    n = len(counts)
    inf = highspy.kHighsInf
    h = _highs()
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    h.setOptionValue("dual_feasibility_tolerance", 1e-9)
    h.addVars(n + 1, np.zeros(n + 1), np.append(counts, 0.0))
    h.changeColBounds(n, -inf, inf)
    for lower, upper, cols in oracle.rows:
        h.addRow(lower, upper, len(cols), cols, np.ones(len(cols)))
    first = len(oracle.rows)
    for t in range(n):
        h.addRow(0.0, inf, 2, np.array([t, n], dtype=np.int32), np.array([1.0, -counts[t]]))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    every = np.arange(n + 1, dtype=np.int32)
    level_cost = np.zeros(n + 1)
    level_cost[n] = 1.0
    levels = np.full(n, np.nan)
    x = np.zeros(n)
    while np.isnan(levels).any():
        h.changeColsCost(n + 1, every, level_cost)
        h.changeColBounds(n, -inf, inf)
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            raise InfeasibleQuotas("No panel meets the quotas.")
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        z = h.getInfo().objective_function_value
        candidates = np.isnan(levels)
        h.changeColBounds(n, z, z)
        while True:
            cost = np.zeros(n + 1)
            cost[:n][candidates] = 1.0 / counts[candidates]
            h.changeColsCost(n + 1, every, cost)
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None
            x = np.array(h.getSolution().col_value[:n])
            risen = candidates & (x / counts > z + RISE_THRESHOLD)
            if not risen.any():
                break
            candidates &= ~risen
        if not candidates.any():
            return None
        for t in np.flatnonzero(candidates):
            levels[t] = z
            h.changeCoeff(first + int(t), n, 0.0)
            h.changeRowBounds(first + int(t), counts[t] * z, inf)
    return levels, x


def _split_into_panels(oracle, counts, x, *, eps=1e-9):
    """Whole panels whose mixture is the fractional panel ``x``, if the steps find them.

    Carathéodory's way: a whole panel v on the smallest face of the relaxation that holds x
    (the seats and quotas that x meets at a bound, v meets there too) is taken with the largest
    share mu for which (x - mu v) / (1 - mu) stays in the relaxation; that rest lies on a
    smaller face, and so on until the rest is a whole panel. The panel on a face is the
    relaxation's vertex when it is whole, else the first whole one the mixed-integer programme
    finds (no optimality needed, only a panel on the face). The objective, each type's share
    left to give, keeps the rest balanced. The steps can stop short (the rest can leave the
    whole panels' hull); the caller checks the panels found with a linear programme.
    """
    import highspy

    n = len(counts)
    rows = oracle.rows
    matrix = np.zeros((len(rows), n))
    for i, (_lower, _upper, cols) in enumerate(rows):
        matrix[i, cols] = 1.0
    lowest = np.array([r[0] for r in rows], dtype=float)
    highest = np.array([r[1] for r in rows], dtype=float)
    idx = oracle.idx
    optimal = highspy.HighsModelStatus.kOptimal
    panels: list[tuple[int, ...]] = []
    x = np.array(x, dtype=float)
    # Any whole panel on the face will do: the first one the mixed-integer programme finds.
    oracle.mip.setOptionValue("mip_rel_gap", 1.0)
    try:
        for _step in range(2 * n + 2 * len(rows) + 10):
            x[np.abs(x) < eps] = 0.0
            full = np.abs(x - counts) < eps
            x[full] = counts[full]
            col_lower = np.where(full, counts, 0.0)
            col_upper = np.where(x <= 0.0, 0.0, counts)
            seats = matrix @ x
            row_lower = np.where(seats >= highest - eps, highest, lowest)
            row_upper = np.where(seats <= lowest + eps, lowest, highest)
            weights = x / counts
            panel = None
            for solver in (oracle.relaxation, oracle.mip):
                solver.changeColsBounds(n, idx, col_lower, col_upper)
                for i in range(len(rows)):
                    solver.changeRowBounds(i, row_lower[i], row_upper[i])
                solver.changeColsCost(n, idx, weights)
                solver.run()
                oracle.calls["face_lp" if solver is oracle.relaxation else "face_mip"] += 1
                if solver.getModelStatus() != optimal:
                    break
                values = np.array(solver.getSolution().col_value)
                rounded = np.round(values)
                if np.all(np.abs(values - rounded) <= 1e-9):
                    panel = rounded
                    break
            if panel is None:
                break
            share = 1.0
            more = panel > x
            if more.any():
                share = min(share, float((x[more] / panel[more]).min()))
            room = counts > panel
            if room.any():
                share = min(share, float(((counts - x)[room] / (counts - panel)[room]).min()))
            panel_seats = matrix @ panel
            above = panel_seats > lowest
            if above.any():
                share = min(
                    share,
                    float(((seats - lowest)[above] / (panel_seats - lowest)[above]).min()),
                )
            below = panel_seats < highest
            if below.any():
                share = min(
                    share,
                    float(((highest - seats)[below] / (highest - panel_seats)[below]).min()),
                )
            profile = tuple(int(v) for v in panel)
            if profile not in panels:
                panels.append(profile)
            if share >= 1.0 - 1e-12 or share <= 1e-13:
                break
            x = (x - share * panel) / (1.0 - share)
    finally:
        oracle.mip.setOptionValue("mip_rel_gap", 1e-7)
        for solver in (oracle.relaxation, oracle.mip):
            solver.changeColsBounds(n, idx, np.zeros(n), counts)
            for i, (lower, upper, _cols) in enumerate(rows):
                solver.changeRowBounds(i, lower, upper)
    return panels


def _leximin_by_relaxation(oracle, counts, tolerance):
    """LEXIMIN without proofs by the mixed-integer programme, when the relaxation allows it.

    Every lottery over whole panels gives probabilities that some fractional panel gives too,
    so LEXIMIN over the fractional panels (``_relaxed_leximin``, a few small linear
    programmes) is at least as good, level by level, as LEXIMIN over the whole panels. If a
    lottery over whole panels reaches it, that lottery is LEXIMIN, and nothing else needs
    proving. The whole panels come from splitting the fractional point into panels
    (``_split_into_panels``), a linear programme checks that they give every type its level
    (less ``tolerance``), and column generation adds panels if the split stopped short.
    Returns (panels, probabilities), or None when the levels are not reached by any lottery
    over whole panels (proved by the oracle) or a solve stopped: then LEXIMIN goes level by
    level.
    """
    relaxed = _relaxed_leximin(oracle, counts)
    if relaxed is None:
        return None
    levels, point = relaxed
    targets = np.maximum(0.0, levels - tolerance)
    profiles = _split_into_panels(oracle, counts, point)
    if not profiles:
        return None
    master = _Master(counts, tolerance)
    import highspy

    for t in range(len(counts)):
        master.h.changeRowBounds(t, targets[t], highspy.kHighsInf)
    master.add(profiles)
    for _round in range(FEASIBILITY_ROUNDS):
        shortfall, y, _bound = master.solve()
        if shortfall >= -tolerance:
            break
        # A panel improves when it weighs more than the bound of the programme's dual.
        bound = shortfall + float(np.dot(y, targets))
        weights = y / counts
        found = oracle.improving(
            weights, bound + tolerance, starts=master.heaviest(weights, CHECK_STARTS)
        )
        new = [profile for profile in found if profile not in master.members]
        if not new:
            return None
        master.add(new)
        profiles.extend(p for p in new if p not in profiles)
    else:
        return None
    probabilities = _closest_distribution(profiles, counts, levels)
    keep = [j for j, p in enumerate(probabilities) if p > 1e-12]
    total = float(sum(probabilities[j] for j in keep))
    return [profiles[j] for j in keep], [float(probabilities[j]) / total for j in keep]


def _closest_distribution(profiles, counts, levels):
    """Probabilities over the panels that give each type its level as closely as they can:
    the largest gap, above or below, is minimised (a surplus for one type would be a shortfall
    for others, since the probabilities always add up to the panel size)."""
    import highspy

    m, n = len(profiles), len(counts)
    h = _highs()
    inf = highspy.kHighsInf
    # columns: lambda_P (m), the largest gap e
    h.addVars(m + 1, np.zeros(m + 1), np.full(m + 1, inf))
    cost = np.zeros(m + 1)
    cost[m] = 1.0
    h.changeColsCost(m + 1, np.arange(m + 1, dtype=np.int32), cost)
    h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
    matrix = np.array(profiles, dtype=float).reshape(m, n)
    for t in range(n):
        cols = np.flatnonzero(matrix[:, t])
        vals = matrix[cols, t] / counts[t]
        index = np.append(cols, m).astype(np.int32)
        h.addRow(levels[t], inf, len(index), index, np.append(vals, 1.0))
        h.addRow(-inf, levels[t], len(index), index, np.append(vals, -1.0))
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SelectionError("No distribution over the panels found gives the levels.")
    values = np.clip(np.array(h.getSolution().col_value[:m]), 0.0, None)
    return values / values.sum()


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
        seats = np.asarray(profile, dtype=float)
        cols = np.flatnonzero(seats).tolist()
        vals = (seats[cols] / counts[cols]).tolist()
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
    if interior and h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        # The interior point stopped short of its tolerances (it can on a degenerate face):
        # finish with crossover, a vertex of the optimal face; it fixes fewer types at once.
        h.setOptionValue("run_crossover", "on")
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
    """The LEXIMIN lottery (``levels=1``: maximin, only the lowest probability raised).

    First the fast way: LEXIMIN over the fractional panels, split into whole panels
    (``_leximin_by_relaxation``); when that point is not a lottery over whole panels, level by
    level with column generation (``_leximin_by_levels``).
    """
    type_keys, type_members = pool.types()
    counts = np.array([len(m) for m in type_members], dtype=float)
    oracle = _PanelOracle(pool, type_keys, type_members)
    if levels is None:
        found = _leximin_by_relaxation(oracle, counts, tolerance)
        if found is not None:
            profiles, probabilities = found
            return Lottery(
                pool,
                type_keys,
                type_members,
                profiles,
                probabilities,
                "leximin",
                solver_calls={**oracle.calls, "way": "relaxation"},
            )
    return _leximin_by_levels(pool, type_keys, type_members, counts, oracle, levels, tolerance)


def _leximin_by_levels(pool, type_keys, type_members, counts, oracle, levels, tolerance):
    """LEXIMIN level by level over the whole panels, by column generation (see the module)."""
    profiles, coverable = _initial_profiles(pool, oracle, counts)
    seen = set(profiles)
    n = len(type_keys)
    master = _Master(counts, tolerance)
    master.add(profiles)
    fixed: dict[int, float] = {}
    for t in range(n):
        if t not in coverable:
            fixed[t] = 0.0
            master.fix(t, 0.0)
    warm = _warm_start(oracle, counts, sorted(coverable), profiles)
    warm = [profile for profile in warm if profile not in seen]
    master.add(warm)
    profiles.extend(warm)
    seen.update(warm)
    level_count = 0
    while len(fixed) < n and (levels is None or level_count < levels):
        unfixed = [t for t in range(n) if t not in fixed]
        levels_of_fixed = np.zeros(n)
        for t, value in fixed.items():
            levels_of_fixed[t] = value
        # Dual stabilisation (Wentges smoothing): the oracle is asked at a point between the
        # master's dual and the best dual seen so far at this level (the one with the lowest
        # upper bound on the level), which keeps the duals from jumping between extreme points
        # and needs far fewer rounds. Whether the level is optimal is only ever decided at the
        # master's own dual, so the result is the same.
        center, center_bound = None, np.inf
        for check in range(CHECK_ROUNDS + 1):
            while True:
                objective, y, bound = master.solve()
                master.drop_idle(IDLE_ROUNDS)
                new: list[tuple[int, ...]] = []
                if center is not None:
                    best_center = center
                    for alpha in SMOOTHING:
                        point = alpha * center + (1 - alpha) * y
                        candidates, relaxed_value = oracle.candidates(
                            point / counts, starts=master.heaviest(point / counts, LOCAL_STARTS)
                        )
                        upper = relaxed_value - float(np.dot(point, levels_of_fixed))
                        if upper < center_bound:
                            best_center, center_bound = point, upper
                        matrix = np.array(candidates, dtype=float).reshape(len(candidates), n)
                        gains = matrix @ (y / counts)
                        new.extend(
                            c
                            for c, g in zip(candidates, gains, strict=True)
                            if g > bound + tolerance and c not in master.members and c not in new
                        )
                    center = best_center
                if not new:
                    weights = y / counts
                    found = oracle.improving(
                        weights, bound + tolerance, starts=master.heaviest(weights, LOCAL_STARTS)
                    )
                    upper = oracle.last_relaxed - float(np.dot(y, levels_of_fixed))
                    if upper < center_bound:
                        center, center_bound = y, upper
                    new = [profile for profile in found if profile not in master.members]
                    if not new:
                        break
                master.add(new)
                for profile in new:
                    if profile not in seen:
                        seen.add(profile)
                        profiles.append(profile)
            level = max(0.0, min(1.0, objective))
            if check == CHECK_ROUNDS:
                # The interior dual kept failing the check: fix by the programme's own dual,
                # which the oracle has just proved holds for every panel (fewer types at once).
                break
            relaxed = {t: max(0.0, value - tolerance) for t, value in fixed.items()}
            try:
                interior_y, yhat, _ = _solve_dual(
                    master.profiles, counts, unfixed, relaxed, interior=True
                )
            except SelectionError:
                # The interior point gave up (the levels kept up to the tolerance can make the
                # dual numerically unbounded): fix by the programme's own proved dual.
                break
            y = interior_y
            # The interior dual must hold for every panel, not only those in the programme:
            # then it is optimal for the full problem and, by complementary slackness, every
            # type with a positive weight is at the level in every optimal lottery. A panel
            # that breaks it goes into the programme and the level is settled again.
            weights = np.maximum(y, 0.0) / counts
            found = oracle.improving(
                weights, yhat + tolerance, starts=master.heaviest(weights, LOCAL_STARTS)
            )
            new = [profile for profile in found if profile not in master.members]
            if not new:
                break
            # More panels that break it, from more starts, so that few such rounds are needed.
            extra, _ = oracle.candidates(weights, starts=master.heaviest(weights, CHECK_STARTS))
            matrix = np.array(extra, dtype=float).reshape(len(extra), n)
            new.extend(
                profile
                for profile, gain in zip(extra, matrix @ weights, strict=True)
                if gain > yhat + tolerance and profile not in master.members and profile not in new
            )
            master.add(new)
            for profile in new:
                if profile not in seen:
                    seen.add(profile)
                    profiles.append(profile)
        newly = [t for t in unfixed if y[t] > FIXING_THRESHOLD]
        if not newly:  # cannot happen with an optimal dual (sum of unfixed y is 1)
            newly = [max(unfixed, key=lambda t: y[t])]
        for t in newly:
            fixed[t] = level
            master.fix(t, level)
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
        solver_calls={**oracle.calls, "way": "levels"},
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


def public_value_normalised(value: str) -> str:
    """A public value as it is mixed in: spaces collapsed, letters in upper case, so that
    "12 07 33" and "12  07 33" give the same draw."""
    return " ".join(str(value).upper().split())


def mixed_seed(seed: str, public_value: str = "") -> str:
    """The seed the draw uses: the secret seed alone, or, with a public value that became known
    only after the commitment, HMAC-SHA256(seed, "public:" + value) in hex.

    Neither the municipality (which chose the seed before the public value existed) nor whoever
    produces the public value (who never sees the seed) can steer the draw alone.
    """
    if not public_value:
        return seed
    message = ("public:" + public_value_normalised(public_value)).encode()
    return hmac.new(seed.encode(), message, hashlib.sha256).hexdigest()


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
