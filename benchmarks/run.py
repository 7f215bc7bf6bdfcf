"""`python -m benchmarks.run`: build a fresh dataset, measure every scenario against its plain
Wagtail baseline, print a table.

Each request goes through the full Django stack (the test client: middleware, URL routing,
Wagtail's page serving, templates). A scenario and its baseline (a plain page at the same tree
depth) are measured as pairs in the same process, alternating which goes first; the ratio of
each round is computed from that round's pair, so a busy machine slows both sides of a ratio
alike. The table shows the median of the per-round ratios with its spread (p25–p75), wall and
CPU time, the SQL queries of one request, and the goal beside each ratio. It never fails on
time: the figures are for reading.
"""

import argparse
import gc
import os
import platform
import resource
import shutil
import statistics
import sys
import time

WARMUP = 3
MIN_REPS = 10
# Seconds a pair of requests may spend on rounds once it has MIN_REPS of them.
TIME_BUDGET = 8.0


def setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django

    django.setup()


def fresh_database():
    """Create and migrate a fresh database; returns its cleanup function."""
    from django.conf import settings
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

    def cleanup():
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(settings.BENCH_DIR, ignore_errors=True)

    return cleanup


def timed(probe, client):
    """Wall and CPU milliseconds of one request (CPU of this process: not the database
    server's, which matters on PostgreSQL)."""
    wall, cpu = time.perf_counter(), time.process_time()
    probe.perform(client)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def quartiles(values):
    if len(values) < 2:
        return values[0], values[0]
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def measure_pair(scenario_probe, baseline_probe, reps):
    """Alternate baseline and scenario requests as pairs; ratios per round."""
    # Building the data leaves garbage behind; collecting it now keeps it out of the timings.
    gc.collect()
    clients = scenario_probe.client(), baseline_probe.client()
    for _ in range(WARMUP):
        scenario_probe.perform(clients[0])
        baseline_probe.perform(clients[1])
    queries = scenario_probe.count_queries(clients[0])
    base_queries = baseline_probe.count_queries(clients[1])
    rounds = []
    started = time.perf_counter()
    while len(rounds) < reps and (
        len(rounds) < MIN_REPS or time.perf_counter() - started < TIME_BUDGET
    ):
        # Alternate which goes first, so neither side always runs on a warmer cache.
        if len(rounds) % 2:
            scenario, baseline = (
                timed(scenario_probe, clients[0]),
                timed(baseline_probe, clients[1]),
            )
        else:
            baseline, scenario = (
                timed(baseline_probe, clients[1]),
                timed(scenario_probe, clients[0]),
            )
        rounds.append((scenario, baseline))
    ratios = [s[0] / b[0] for s, b in rounds]
    cpu_ratios = [s[1] / b[1] for s, b in rounds if b[1] > 0]
    p25, p75 = quartiles(ratios)
    return {
        "wall": statistics.median(s[0] for s, _ in rounds),
        "cpu": statistics.median(s[1] for s, _ in rounds),
        "base_wall": statistics.median(b[0] for _, b in rounds),
        "base_cpu": statistics.median(b[1] for _, b in rounds),
        "ratio": statistics.median(ratios),
        "ratio_p25": p25,
        "ratio_p75": p75,
        "cpu_ratio": statistics.median(cpu_ratios) if cpu_ratios else None,
        "reps": len(rounds),
        "queries": queries,
        "base_queries": base_queries,
    }


def add_growth(rows):
    """For the sizes of one page: the ratio at each size over the ratio at the smallest measured
    size above zero (both are against a baseline of their own round, so noise cancels)."""
    smallest = {}
    for row in rows:
        if "ratio" in row and row.get("group") and row["size"]:
            smallest.setdefault(row["group"], row)
    for row in rows:
        first = smallest.get(row.get("group"))
        if first is not None and "ratio" in row and row["size"] and row is not first:
            row["growth"] = row["ratio"] / first["ratio"]
            row["growth_from"] = first["size"]


def _size(value):
    return "" if value is None else f"{value:,}".replace(",", " ")


def format_table(rows):
    header = (
        f"{'Scenario':<37} {'Size':>7} {'Page ms':>8} {'CPU':>6} {'Plain ms':>8} {'CPU':>6} "
        f"{'Queries':>7} {'Ratio':>5} {'p25–p75':>10} {'CPU×':>5} {'Goal':>5} {'Growth':>14}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        if "ratio" not in row:
            lines.append(
                f"{row['label']:<37} {_size(row['size']):>7} not available ({row['reason']})"
            )
            continue
        goal = f"≤{row['goal']:.1f}" if row.get("goal") else ""
        spread = f"{row['ratio_p25']:.2f}–{row['ratio_p75']:.2f}"
        cpu_ratio = f"{row['cpu_ratio']:.2f}" if row.get("cpu_ratio") else ""
        growth = f"{row['growth']:.2f}× of {_size(row['growth_from'])}" if row.get("growth") else ""
        queries = f"{row['queries']}/{row['base_queries']}"
        lines.append(
            f"{row['label']:<37} {_size(row['size']):>7} {row['wall']:>8.1f} {row['cpu']:>6.1f} "
            f"{row['base_wall']:>8.1f} {row['base_cpu']:>6.1f} {queries:>7} {row['ratio']:>5.2f} "
            f"{spread:>10} {cpu_ratio:>5} {goal:>5} {growth:>14}"
        )
    met = [row for row in rows if row.get("goal") and "ratio" in row]
    within = sum(row["ratio"] <= row["goal"] for row in met)
    lines.append("")
    lines.append(
        f"Ratio: median of per-round ratios (page / same-depth plain page), wall time. "
        f"Within goal: {within} of {len(met)}."
    )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=30, help="rounds per scenario (max)")
    parser.add_argument("--only", nargs="*", help="scenario keys to run")
    parser.add_argument(
        "--large",
        action="store_true",
        default=bool(os.environ.get("BENCH_LARGE")),
        help="also the 100,000-row scenarios (or BENCH_LARGE=1); building them takes minutes",
    )
    args = parser.parse_args(argv)

    began = time.perf_counter()
    setup_django()
    import django
    import wagtail
    from django.db import connection

    from . import data
    from .scenarios import SCENARIOS

    selected = [s for s in SCENARIOS if args.large or not s.large]
    if args.only:
        selected = [s for s in selected if s.key in set(args.only)]

    t0 = time.perf_counter()
    cleanup = fresh_database()
    migrate_seconds = time.perf_counter() - t0
    try:
        home = data.make_home()
        # All data first, then all measurements: writes (and the disk flushes they cause) do
        # not overlap with a scenario's timings, and every scenario sees the same database.
        rows, probes, build_seconds = [], {}, 0.0
        for scenario in selected:
            row = {
                "key": scenario.key,
                "label": scenario.label,
                "size": scenario.size,
                "goal": scenario.goal,
                "group": scenario.group,
            }
            reason = scenario.unavailable_reason()
            if reason:
                row["reason"] = reason
            else:
                t0 = time.perf_counter()
                probes[scenario.key] = (
                    scenario.build(home, scenario.size),
                    scenario.baseline(home, scenario.size),
                )
                build_seconds += time.perf_counter() - t0
            rows.append(row)
        if connection.vendor == "postgresql":
            # Autovacuum would do this on a live site soon after a bulk load; without it the
            # planner works from an empty table's statistics.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for scenario, row in zip(selected, rows, strict=True):
            if scenario.key in probes:
                row.update(measure_pair(*probes[scenario.key], args.reps))
                print(
                    f"  {scenario.key}: {row['wall']:.1f} ms vs {row['base_wall']:.1f} ms, "
                    f"ratio {row['ratio']:.2f}",
                    file=sys.stderr,
                    flush=True,
                )
        add_growth(rows)
        vendor = connection.vendor
        if connection.vendor == "sqlite":
            vendor = f"SQLite {connection.Database.sqlite_version}"
        elif connection.vendor == "postgresql":
            vendor = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    finally:
        cleanup()

    # The budget outcome on its own, pure Python: Equal Shares against greedy.
    from .budgets import outcome_report

    budget_lines = outcome_report() if not args.only or "budget-outcome" in args.only else []

    # ru_maxrss is in kilobytes on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(format_table(rows))
    print()
    print(
        f"Database: {vendor}. Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, {os.cpu_count()} CPUs."
    )
    print(
        f"Migrations {migrate_seconds:.1f} s, data {build_seconds:.1f} s, "
        f"total {time.perf_counter() - began:.1f} s. Peak memory (RSS) {peak_mb:.0f} MB."
    )
    if budget_lines:
        print()
        print("\n".join(budget_lines))


if __name__ == "__main__":
    main()
