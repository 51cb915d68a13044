"""``make load``: the portal under gunicorn, driven by locust from a second process.

A throw-away database (``<name>_load``) is migrated and given the demo data, gunicorn serves it on a
free loopback port, and locust runs headless with ``--users`` concurrent users for ``--seconds``.
Requests per second, p50/p95 and errors are printed and written to bench/results/load.json; the exit
status is 1 when any request failed or the p95 of the signed-in work is over the target. Sign-in (a
deliberately slow password hash, once per user at the start) is reported apart.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
BIN = Path(PY).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def admin_sql(url: str, *statements: str) -> None:
    connection = psycopg2.connect(with_database(url, "postgres").replace("postgres://", "postgresql://", 1))
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the portal did not answer {url} within {seconds:.0f}s")


def aggregated(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    by_name = {}
    for row in rows:
        by_name[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
        }
    return by_name


SIGN_IN = {"login form", "sign in"}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


def work_summary(samples_path: Path, seconds: int) -> dict:
    samples = json.loads(samples_path.read_text())
    work = [(t, ok) for name, t, ok in samples if name not in SIGN_IN]
    times = [t for t, _ok in work]
    return {
        "requests": len(work),
        "failures": sum(1 for _t, ok in work if not ok),
        "rps": round(len(work) / seconds, 1),
        "p50_ms": round(percentile(times, 50)),
        "p95_ms": round(percentile(times, 95)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--p95-target", type=float, default=300.0)
    args = parser.parse_args(argv)

    base_url = os.environ["DATABASE_URL"]
    name = (urlsplit(base_url).path.lstrip("/") or "portal") + "_load"
    admin_sql(base_url, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    env = dict(
        os.environ,
        DATABASE_URL=with_database(base_url, name),
        DJANGO_ENV="development",
        DJANGO_DEBUG="0",
        CACHE_KEY_PREFIX="portal-load",
        PYTHONUNBUFFERED="1",
        PATH=f"{BIN}:{os.environ.get('PATH', '')}",
    )
    server = None
    try:
        started = time.perf_counter()
        subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"[load] database {name} with demo data in {time.perf_counter() - started:.0f}s", flush=True)
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.workers),
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--access-logfile",
                "/dev/null",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_for(f"{host}/healthz")
        for _ in range(4 * args.workers):  # each worker's first page compiles templates and catalogues
            wait_for(f"{host}/accounts/login/")
        print(f"[load] gunicorn ({args.workers} workers × 4 threads) at {host}", flush=True)
        RESULTS.mkdir(parents=True, exist_ok=True)
        prefix = RESULTS / "load"
        members = "picc.manager,pingan.manager,cic.manager,picc.reporter,pingan.reporter"
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.users),
                "-t",
                f"{args.seconds}s",
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "5",
            ],
            cwd=ROOT,
            env=dict(
                env,
                LOAD_MEMBERS=members,
                LOAD_REGULATORS="regulator,regulator.yili",
                LOAD_SAMPLES=str(prefix) + "_samples.json",
            ),
            check=False,
        )
        stats = aggregated(prefix)
        work = work_summary(Path(str(prefix) + "_samples.json"), args.seconds)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        admin_sql(base_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    total = stats.pop("Aggregated")
    result = {
        "users": args.users,
        "seconds": args.seconds,
        "workers": args.workers,
        "total": total,
        "by_request": stats,
    }
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"\n{'request':<28}{'count':>8}{'fail':>6}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for label, row in sorted(stats.items()):
        print(
            f"{label:<28}{row['requests']:>8}{row['failures']:>6}{row['rps']:>8}{row['p50_ms']:>9.0f}{row['p95_ms']:>9.0f}"
        )
    print(
        f"{'all':<28}{total['requests']:>8}{total['failures']:>6}{total['rps']:>8}"
        f"{total['p50_ms']:>9.0f}{total['p95_ms']:>9.0f}"
    )
    print(
        f"{'signed-in work':<28}{work['requests']:>8}{work['failures']:>6}{work['rps']:>8}"
        f"{work['p50_ms']:>9.0f}{work['p95_ms']:>9.0f}"
    )
    ok = total["failures"] == 0 and work["p95_ms"] <= args.p95_target
    print(
        f"\n[load] {args.users} users, {args.seconds}s: {'OK' if ok else 'NOT OK'} "
        f"(target: no errors, p95 of the signed-in work ≤ {args.p95_target:.0f} ms); results in {RESULTS / 'load.json'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
