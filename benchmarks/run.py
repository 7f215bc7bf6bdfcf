"""`python -m benchmarks.run`: build a fresh dataset, measure every scenario, print a table.

Each request goes through the full Django stack (the test client: middleware, URL routing,
Wagtail's page serving, templates). After a warm-up, a scenario is repeated up to
``--reps`` times (fewer when it is slow, at least ``MIN_REPS``); its SQL queries are
counted in one extra request.
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
# Seconds a scenario may spend on repetitions once it has MIN_REPS of them.
TIME_BUDGET = 6.0


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


def measure(probe, reps):
    # Building the data leaves garbage behind; collecting it now keeps it out of the timings.
    gc.collect()
    client = probe.client()
    for _ in range(WARMUP):
        probe.perform(client)
    queries = probe.count_queries(client)
    times = []
    started = time.perf_counter()
    while len(times) < reps and (
        len(times) < MIN_REPS or time.perf_counter() - started < TIME_BUDGET
    ):
        t0 = time.perf_counter()
        probe.perform(client)
        times.append((time.perf_counter() - t0) * 1000)
    q1, _, q3 = statistics.quantiles(times, n=4, method="inclusive")
    return {
        "median": statistics.median(times),
        "p25": q1,
        "p75": q3,
        "reps": len(times),
        "queries": queries,
    }


def format_table(rows):
    header = (
        f"{'Scenario':<38} {'Size':>7} {'Median ms':>10} {'p25–p75 ms':>15} {'Reps':>5} "
        f"{'Queries':>8} {'Baseline':<18} {'Ratio':>6}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        size = "" if row["size"] is None else f"{row['size']:,}".replace(",", " ")
        if "median" not in row:
            lines.append(f"{row['label']:<38} {size:>7} not available ({row['reason']})")
            continue
        ratio = f"{row['ratio']:.2f}" if row.get("ratio") else ""
        spread = f"{row['p25']:.1f}–{row['p75']:.1f}"
        lines.append(
            f"{row['label']:<38} {size:>7} {row['median']:>10.1f} {spread:>15} "
            f"{row['reps']:>5} {row['queries']:>8} {row.get('baseline') or '':<18} {ratio:>6}"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=30, help="repetitions per scenario (max)")
    parser.add_argument("--only", nargs="*", help="scenario keys to run (and their baselines)")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    setup_django()
    import django
    import wagtail
    from django.db import connection

    from . import data
    from .scenarios import SCENARIOS

    selected = SCENARIOS
    if args.only:
        wanted = set(args.only)
        wanted |= {s.baseline for s in SCENARIOS if s.key in wanted and s.baseline}
        selected = [s for s in SCENARIOS if s.key in wanted]

    t0 = time.perf_counter()
    cleanup = fresh_database()
    migrate_seconds = time.perf_counter() - t0
    try:
        home = data.make_home()
        # All data first, then all measurements: writes (and the disk flushes they cause) do
        # not overlap with a scenario's timings, and every scenario sees the same database.
        rows, probes, build_seconds = [], {}, 0.0
        for scenario in selected:
            row = {"key": scenario.key, "label": scenario.label, "size": scenario.size}
            reason = scenario.unavailable_reason()
            if reason:
                row["reason"] = reason
            else:
                t0 = time.perf_counter()
                probes[scenario.key] = scenario.build(home, scenario.size)
                build_seconds += time.perf_counter() - t0
            rows.append(row)
        if connection.vendor == "postgresql":
            # Autovacuum would do this on a live site soon after a bulk load; without it the
            # planner works from an empty table's statistics.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        by_key = {row["key"]: row for row in rows}
        for scenario, row in zip(selected, rows, strict=True):
            if scenario.key in probes:
                row.update(measure(probes[scenario.key], args.reps))
                baseline = by_key.get(scenario.baseline)
                if baseline and "median" in baseline:
                    row["baseline"] = scenario.baseline
                    row["ratio"] = row["median"] / baseline["median"]
                print(f"  {scenario.key}: {row['median']:.1f} ms", file=sys.stderr, flush=True)
        vendor = connection.vendor
        if connection.vendor == "sqlite":
            vendor = f"SQLite {connection.Database.sqlite_version}"
        elif connection.vendor == "postgresql":
            vendor = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    finally:
        cleanup()

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


if __name__ == "__main__":
    main()
