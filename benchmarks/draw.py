"""The citizens' panel draw: LEXIMIN on a pool shaped like the paper's, against the greedy draw.

    python -m benchmarks.draw [--volunteers 1000] [--seats 40] [--greedy-runs 10]

The pool has six categories with skewed shares among the volunteers and quotas from
population shares (as in Flanigan et al., Nature 2021). Measured: wall time and processor time
of the LEXIMIN lottery, of the draw from it, and of the greedy method for the same pool (one
greedy draw is the baseline; its probabilities need many such draws), then, in a second run of
each step under tracemalloc (which slows pure Python down, so it is not timed), its peak traced
memory; at the end the process's peak resident memory. ``--no-memory`` skips the second runs.
Printed, never pass/fail. ``make bench`` runs it after the page scenarios.
"""

import argparse
import random
import resource
import time
import tracemalloc

from wagtail_medborgardialog.panels import selection

CATEGORIES = {
    # category: (values, share among volunteers, share in the population)
    "gender": (["woman", "man", "other"], [48, 50, 2], [50, 49, 1]),
    "age": (["16-29", "30-44", "45-64", "65+"], [8, 17, 40, 35], [25, 25, 30, 20]),
    "district": (["a", "b", "c", "d", "e"], [35, 25, 20, 12, 8], [20, 20, 20, 20, 20]),
    "education": (["basic", "upper", "higher"], [8, 30, 62], [25, 40, 35]),
    "occupation": (["work", "study", "retired", "other"], [50, 8, 34, 8], [55, 15, 20, 10]),
    "attitude": (["low", "mid", "high"], [12, 33, 55], [30, 40, 30]),
}


def paper_shaped_pool(volunteers, seats, seed=1):
    rng = random.Random(seed)
    people = {
        f"v{i:05d}": {
            c: rng.choices(values, weights=pool_share)[0]
            for c, (values, pool_share, _population) in CATEGORIES.items()
        }
        for i in range(volunteers)
    }
    quotas = {}
    for c, (values, _pool, population) in CATEGORIES.items():
        for value, share in zip(values, population, strict=True):
            target = seats * share / 100
            quotas[(c, value)] = (max(0, int(target) - 1), int(target) + 2)
    return selection.Pool(people, quotas, seats)


def measure(label, func, *, memory=True):
    began, began_cpu = time.perf_counter(), time.process_time()
    result = func()
    seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    peak = ""
    if memory:
        tracemalloc.start()
        func()
        _current, traced = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak = f"{traced / 2**20:8.1f} MB"
    print(f"  {label:<40} {seconds:9.2f} s  {cpu:9.2f} s  {peak:>11}")
    return result, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=40)
    parser.add_argument("--greedy-runs", type=int, default=10)
    parser.add_argument(
        "--no-memory", action="store_true", help="Time only, no second run under tracemalloc."
    )
    args = parser.parse_args(argv)
    memory = not args.no_memory
    pool = paper_shaped_pool(args.volunteers, args.seats)
    print(
        f"Citizens' panel draw: {args.volunteers} volunteers, {args.seats} seats, "
        f"{len(CATEGORIES)} categories, {len(pool.types()[0])} distinct answer profiles"
    )
    print(f"  {'step':<40} {'wall time':>11}  {'cpu time':>11}  {'peak mem':>11}")
    lottery, lex_s = measure("LEXIMIN lottery", lambda: selection.leximin(pool), memory=memory)
    measure("one draw from the lottery", lambda: selection.draw(lottery, "bench"), memory=memory)
    _panel, greedy_s = measure(
        "one greedy draw (baseline)",
        lambda: selection.greedy_panel(pool, random.Random(0)),  # noqa: S311
        memory=memory,
    )
    greedy, _ = measure(
        f"greedy probabilities ({args.greedy_runs} draws)",
        lambda: selection.greedy_probabilities(pool, runs=args.greedy_runs, seed=0),
        memory=memory,
    )
    lex = selection.fairness(lottery.marginals())
    low_greedy = selection.fairness(greedy)["minimum"]
    print(
        f"  LEXIMIN: lowest chance {lex['minimum']:.2%}, Gini {lex['gini']:.3f}, "
        f"{len(lottery.profiles)} panels; greedy estimate lowest {low_greedy:.2%}. "
        f"Ratio LEXIMIN / one greedy draw: {lex_s / max(greedy_s, 1e-9):.0f}x."
    )
    calls = lottery.solver_calls
    print(
        f"  Solver: {calls.get('way')}; {calls.get('face_lp', 0)} faces split "
        f"({calls.get('face_mip', 0)} needed the mixed-integer programme for a whole panel); "
        f"{calls.get('relaxation', 0)} relaxations, {calls.get('local', 0)} local searches, "
        f"{calls.get('mip', 0)} exact mixed-integer programmes."
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"  Peak resident memory of the process: {rss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
