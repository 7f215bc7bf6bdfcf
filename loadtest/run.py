"""`make loadtest`: the example site on production parts, under a bounded load, then checked.

Starts, on this machine: a fresh PostgreSQL database, a Redis database of its own as the shared
cache, two gunicorn app processes (2 workers each) with the production settings, and the
task queue's worker (django-tasks-db's ``db_worker``) delivering e-mail to files. Loads the demo
plus realistic rows (loadtest/data.py), drives locust headless for a bounded time
(loadtest/locustfile.py), waits for the queue to drain and checks that every submission was
stored and every confirmation e-mail delivered. Prints requests per second and p95 per scenario,
each worker's peak memory and the errors; exits non-zero on any error or loss. Everything it
started is stopped, and the database, the Redis database and the temporary files removed,
also on failure or Ctrl-C. See loadtest/README.md.
"""

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import redis

from loadtest.mail import EMAIL_DOMAIN, messages

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("LOADTEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("LOADTEST_REDIS", "redis://127.0.0.1:6379")
APP_PROCESSES, WORKERS_PER_PROCESS = 2, 2


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def empty_redis_db():
    """A Redis database number nobody uses (LOADTEST_REDIS_DB to choose one)."""
    if os.environ.get("LOADTEST_REDIS_DB"):
        return int(os.environ["LOADTEST_REDIS_DB"])
    for number in range(15, 7, -1):
        if redis.Redis.from_url(f"{REDIS}/{number}").dbsize() == 0:
            return number
    raise SystemExit("No empty Redis database among 8-15; set LOADTEST_REDIS_DB.")


class Stack:
    """Everything the run starts, so that one place stops and removes it."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.processes = []
        self.database = None
        self.redis_db = None

    def create_database(self):
        name = f"mbd_loadtest_{os.getpid()}"
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.database = name
        return f"{POSTGRES}/{name}"

    def start(self, name, command, env):
        log = open(self.workdir / f"{name}.log", "w")  # noqa: SIM115 (closed in stop)
        # A session of its own: the whole group (gunicorn's master and workers) stops together.
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process, log))
        return process

    def stop(self):
        for _, process, _ in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _, process, log in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.close()
        self.processes = []
        if self.database:
            with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self.database = None
        if self.redis_db is not None:
            redis.Redis.from_url(f"{REDIS}/{self.redis_db}").flushdb()
            self.redis_db = None


def production_env(database_url, redis_db, mail_dir):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "WAGTAIL"))
    }
    return base | {
        "DJANGO_SETTINGS_MODULE": "example_site.settings_production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"{REDIS}/{redis_db}",
        "DJANGO_TASKS_BACKEND": "database",
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_LOG_LEVEL": "WARNING",
        "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
        "PYTHONPATH": str(REPO),
    }


def run(command, env, what):
    started = time.monotonic()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stdout}\n{result.stderr}")
    print(f"  {what}: {time.monotonic() - started:.0f} s", flush=True)
    return result.stdout


def wait_until_up(url, timeout=90):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def children(pid):
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def peak_rss_mib(pid):
    """The process's peak resident memory (VmHWM) in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def queue_counts(database_url):
    """Tasks by status; READY ones due later (the moderators' throttled digest) as DEFERRED."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT CASE WHEN status = 'READY' AND run_after > now()"
            " AND run_after < '9999-01-01' THEN 'DEFERRED' ELSE status END, count(*)"
            " FROM django_tasks_database_dbtaskresult GROUP BY 1"
        ).fetchall()
    return dict(rows)


def wait_for_queue(database_url, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = queue_counts(database_url)
        if not counts.get("READY") and not counts.get("RUNNING"):
            return counts
        time.sleep(1)
    return queue_counts(database_url)


def delivered(mail_dir):
    """Recipient -> number of messages the worker wrote."""
    counts = {}
    for path in mail_dir.glob("*.log"):
        for message in messages(path.read_bytes()):
            for recipient in str(message["To"]).split(","):
                counts[recipient.strip()] = counts.get(recipient.strip(), 0) + 1
    return counts


def stored(database_url):
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT id, email, text, status FROM wagtail_medborgardialog_contribution"
            " WHERE email LIKE %s",
            [f"%@{EMAIL_DOMAIN}"],
        ).fetchall()
    return {row[1]: row for row in rows}


def scenario_rows(stats_csv):
    """Locust's rows by scenario, reads first, and its total last as "all requests"."""
    with open(stats_csv, newline="") as handle:
        rows = list(csv.DictReader(handle))
    total = [row | {"Name": "all requests"} for row in rows if row["Name"] == "Aggregated"]
    rows = [row for row in rows if row["Name"] != "Aggregated"]
    rows.sort(key=lambda row: (row["Name"].split(":")[0] != "read", row["Name"]))
    return rows + total


def report(rows, duration, memory, checks):
    lines = [
        "",
        f"{'scenario':<48} {'requests':>8} {'req/s':>7} {'median':>7} {'p95':>7} {'errors':>6}",
    ]
    for row in rows:
        lines.append(
            f"{row['Name']:<48} {row['Request Count']:>8} "
            f"{float(row['Request Count']) / duration:>7.2f} "
            f"{row['50%']:>5} ms {row['95%']:>5} ms {row['Failure Count']:>6}"
        )
    lines.append("")
    lines.append("Peak memory (VmHWM) of each process, MiB:")
    for name, mib in memory:
        lines.append(f"  {name:<28} {mib:7.1f}" if mib is not None else f"  {name:<28}     n/a")
    lines.append("")
    for label, value in checks:
        lines.append(f"  {label:<58} {value}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=75, help="seconds of load (default 75)")
    parser.add_argument("--users", type=int, default=17, help="simulated visitors (default 17)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    # Ctrl-C and SIGTERM (a CI's stop) clean up alike. SIGINT is set explicitly: a shell starts
    # a background job with it ignored, and Python then leaves it so.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    workdir = Path(tempfile.mkdtemp(prefix="mbd-loadtest-"))
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    stack = Stack(workdir)
    failed, interrupted = True, False
    try:
        print("Setting up (fresh database, demo, extra rows):", flush=True)
        database_url = stack.create_database()
        stack.redis_db = empty_redis_db()
        env = production_env(database_url, stack.redis_db, mail_dir)
        manage = [sys.executable, "example_site/manage.py"]
        run([*manage, "migrate", "--noinput"], env, "migrate (production settings)")
        # load_demo refuses with DEBUG off (its users' passwords are published): it runs with
        # the demo settings on the same database, as docs/deployment.md describes.
        demo_env = env | {"DJANGO_SETTINGS_MODULE": "example_site.settings", "DJANGO_DEBUG": "1"}
        run([*manage, "load_demo"], demo_env, "load_demo (demo settings)")
        paths = json.loads(
            run([sys.executable, "-m", "loadtest.data"], env, "extra rows").splitlines()[-1]
        )
        hosts = []
        for number in range(1, APP_PROCESSES + 1):
            port = free_port()
            hosts.append(f"http://127.0.0.1:{port}")
            stack.start(
                f"app{number}",
                [
                    str(BIN / "gunicorn"),
                    "example_site.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(WORKERS_PER_PROCESS),
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "10",
                ],
                env,
            )
        stack.start("task-worker", [*manage, "db_worker", "--interval", "0.5"], env)
        for host in hosts:
            wait_until_up(host + "/")
        results = workdir / "outcome.json"
        print(
            f"Load: {args.users} visitors for {args.duration} s on {', '.join(hosts)}", flush=True
        )
        locust_env = env | {
            "LOADTEST_HOSTS": ",".join(hosts),
            "LOADTEST_PATHS": json.dumps(paths),
            "LOADTEST_MAIL_DIR": str(mail_dir),
            "LOADTEST_RESULTS": str(results),
        }
        started = time.monotonic()
        # Under the stack like the servers, so an interrupted run stops it too; its own summary
        # goes to locust.log, the figures come from its CSV.
        locust = stack.start(
            "locust",
            [
                str(BIN / "locust"),
                *("-f", "loadtest/locustfile.py", "--headless", "--only-summary"),
                *("--users", str(args.users), "--spawn-rate", "4"),
                *("--run-time", f"{args.duration}s", "--stop-timeout", "15"),
                *("--host", hosts[0], "--csv", str(workdir / "locust")),
                *("--loglevel", "WARNING", "--exit-code-on-error", "0"),
            ],
            locust_env,
        )
        if locust.wait() != 0:
            raise SystemExit(f"locust failed; see {workdir / 'locust.log'}")
        elapsed = time.monotonic() - started
        counts = wait_for_queue(database_url)
        memory = []
        for name, process, _ in stack.processes:
            if name == "locust":
                continue
            for worker in children(process.pid):
                memory.append((f"{name} worker {worker}", peak_rss_mib(worker)))
            memory.append(
                (
                    f"{name} ({'master' if name.startswith('app') else 'process'})",
                    peak_rss_mib(process.pid),
                )
            )
        outcome = json.loads(results.read_text())
        rows = scenario_rows(workdir / "locust_stats.csv")
        errors = sum(int(row["Failure Count"]) for row in rows if row["Name"] != "all requests")
        submitted = {item["email"]: item["text"] for item in outcome["submitted"]}
        in_db = stored(database_url)
        mails = delivered(mail_dir)
        not_stored = [a for a, text in submitted.items() if a not in in_db or in_db[a][2] != text]
        not_mailed = [a for a in submitted if not mails.get(a)]
        unconfirmed = [a for a in outcome["confirmed"] if in_db.get(a, "xxx")[3] == "unconfirmed"]
        approved = {row[0]: row[3] for row in in_db.values() if row[0] in outcome["approved"]}
        published = sum(status == "published" for status in approved.values())
        checks = [
            ("errors (failed requests)", errors),
            (
                "submissions thanked / stored / lost",
                f"{len(submitted)} / {len(submitted) - len(not_stored)} / {len(not_stored)}",
            ),
            (
                "confirmation e-mails delivered by the worker / lost",
                f"{len(submitted) - len(not_mailed)} / {len(not_mailed)}",
            ),
            (
                "confirmed through the e-mailed link (not stored as such)",
                f"{len(outcome['confirmed'])} ({len(unconfirmed)})",
            ),
            ("approved by the moderator", len(outcome["approved"])),
            ("  of them, the load test's own, now published", published),
            ("plain form posts accepted", outcome["plain_forms"]),
            ("task queue after the run (status: count)", counts),
            ("messages written by the worker", sum(mails.values())),
            ("load average (1 min) of this shared machine at the end", f"{os.getloadavg()[0]:.1f}"),
        ]
        print(report(rows, elapsed, memory, checks), flush=True)
        failed = bool(
            errors
            or not_stored
            or not_mailed
            or unconfirmed
            or counts.get("FAILED")
            or published != len(approved)
            or not submitted
        )
        if failed:
            print("\nFAILED: goal is 0 errors and 0 lost.", file=sys.stderr)
    except KeyboardInterrupt:
        interrupted = True
        print("\nInterrupted; stopping and removing everything.", file=sys.stderr)
    finally:
        stack.stop()
        # A failed run keeps its logs (the servers', the worker's, locust's) to read.
        if args.keep or (failed and not interrupted):
            print(f"Logs: {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
