"""The home pages (staff, regulators, a member) on the benchmark data of the other issues together:
100,000 obligations, disaster events with 30 days of reports, 200,000 mediation cases, 5,000
inspections with 50,000 findings, 100 campaigns with 30,000 activities. SQL queries per page are
counted before and after the data is loaded (they must not grow); p50 and p95 are measured after.

Run last in `make bench` (it then reuses the data the other benchmarks loaded); alone
(`--only overview`) it loads what is missing with the other benchmarks' generators.
"""

from __future__ import annotations

import math
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.choices import Role
from association.models import Membership, Obligation, Organisation, User
from bench import campaigns as campaigns_bench
from bench import disasters as disasters_bench
from bench import generate
from bench import mediation as mediation_bench
from bench import reminders as reminders_bench
from bench import selfregulation as selfregulation_bench
from campaigns.models import Activity
from disasters.models import LossReport
from mediation.models import Case
from selfregulation.models import Finding

REQUESTS = 20
WARMUP = 2


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _clients(world) -> dict[str, tuple[Client, str]]:
    bureau = Organisation.objects.get(name="基准监管局")
    province_user, _ = User.objects.get_or_create(username="bench_bureau", defaults={"password": "!"})
    Membership.objects.get_or_create(user=province_user, organisation=bureau, role=Role.REGULATOR)
    pages = {
        "staff home (/staff/)": (world.staff, "/staff/"),
        "regulator home, Ili (/overview/)": (world.regulator, "/overview/"),
        "regulator home, province (/overview/)": (province_user, "/overview/"),
        "member home (/overview/)": (world.member, "/overview/"),
        "regulator home, year to date": (world.regulator, "/overview/?period=ytd"),
    }
    clients = {}
    for label, (user, url) in pages.items():
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[label] = (client, url)
    return clients


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _without_history(model, load, *args) -> None:
    """A synthetic bulk load with the model's history triggers off (the other benchmarks do the same
    for their large loads: one 100,000-row INSERT with row triggers takes many minutes)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        load(*args)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def _load(world, log) -> None:
    """Whatever the other benchmarks have not loaded yet, at their sizes."""
    members = list(Organisation.objects.filter(name__startswith=generate.PREFIX).members().order_by("pk"))
    ids = [o.pk for o in members]
    steps = [
        ("obligations", lambda: Obligation.objects.count() >= reminders_bench.OBLIGATIONS,
         lambda: _without_history(Obligation, reminders_bench._obligations, timezone.now(), ids[:1000])),
        ("disaster reports", lambda: LossReport.objects.exists(),
         lambda: disasters_bench._event(world, disasters_bench.COMPANIES, disasters_bench.DAYS, 100, timezone.now())),
        ("mediation cases", lambda: Case.objects.count() >= mediation_bench.CASES,
         lambda: mediation_bench._generate(ids[: mediation_bench.ORGS])),
        ("inspections and findings", lambda: Finding.objects.exists(),
         lambda: selfregulation_bench._generate(ids[: selfregulation_bench.ORGS])),
        ("campaigns and activities", lambda: Activity.objects.exists(),
         lambda: campaigns_bench._generate(ids[: campaigns_bench.MEMBERS], world.staff.pk)),
    ]  # fmt: skip
    for label, present, load in steps:
        if present():
            continue
        started = time.perf_counter()
        load()
        log(f"[bench] overview: {label} loaded in {time.perf_counter() - started:.1f}s")


def run(*, log=print) -> dict:
    world = generate.base()
    clients = _clients(world)
    before = {label: _queries(client, url) for label, (client, url) in clients.items()}
    generate.grow(max(reminders_bench.ORGS, mediation_bench.ORGS), contacts_per_org=1)
    _load(world, log)
    generate.analyze()
    result = {
        "data": {
            "obligations": Obligation.objects.count(),
            "loss_reports": LossReport.objects.count(),
            "cases": Case.objects.count(),
            "findings": Finding.objects.count(),
            "activities": Activity.objects.count(),
        },
        "pages": {},
    }
    for label, (client, url) in clients.items():
        after = _queries(client, url)
        for _ in range(WARMUP):
            client.get(url)
        timings = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        result["pages"][label] = {
            "url": url,
            "queries_before": before[label],
            "queries": after,
            "p50_ms": round(percentile(timings, 50), 1),
            "p95_ms": round(percentile(timings, 95), 1),
        }
        log(f"[bench] overview: {label}: {result['pages'][label]}")
    return result


def table(result: dict) -> str:
    data = result["data"]
    lines = [
        f"home pages on {data['obligations']:,} obligations, {data['loss_reports']:,} loss reports, "
        f"{data['cases']:,} cases, {data['findings']:,} findings, {data['activities']:,} activities",
        f"{'page':<40}{'queries (empty → loaded)':>26}{'p50 ms':>10}{'p95 ms':>10}",
    ]
    for label, row in result["pages"].items():
        queries = f"{row['queries_before']} → {row['queries']}"
        lines.append(f"{label:<40}{queries:>26}{row['p50_ms']:>10}{row['p95_ms']:>10}")
    return "\n".join(lines)


def ok(result: dict) -> bool:
    """Every page answered 200 (asserted while measuring). The counts before and after are reported; an
    empty panel skips some queries (nothing to prefetch), so "constant" is asserted in the suite instead
    (tests/association/test_overview.py: the same count for 1 and for 16 rows of every kind)."""
    return bool(result["pages"])
