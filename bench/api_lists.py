"""List endpoints of the API: SQL queries per request and latency, at two data sizes.

For each scale (member organisations, each with 4 contacts), user and endpoint: a few warm-up
requests, one request under ``CaptureQueriesContext`` (the query count), then ``requests``
timed requests (p50/p95). The default page size (50) applies, so a list should cost the same
number of queries with 10 organisations as with 1,000.
"""

from __future__ import annotations

import math
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import generate

ENDPOINTS = [
    ("organisations", "/api/v1/organisations/"),
    ("contacts", "/api/v1/contacts/"),
]
USERS = ["staff", "member", "regulator"]
WARMUP = 3


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _get(client: Client, url: str):
    response = client.get(url, headers={"accept": "application/json"})
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def measure(client: Client, url: str, requests: int) -> dict:
    for _ in range(WARMUP):
        _get(client, url)
    with CaptureQueriesContext(connection) as captured:
        body = _get(client, url).json()
    queries = len(captured)  # now: the log is cleared at the start of every request
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        _get(client, url)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "queries": queries,
        "rows": len(body["results"]),
        "count": body["count"],
        "p50_ms": round(percentile(timings, 50), 2),
        "p95_ms": round(percentile(timings, 95), 2),
    }


def run(*, scales: list[int], requests: int, log=print) -> dict:
    world = generate.base()
    clients = {}
    for role in USERS:
        client = Client()
        client.force_login(getattr(world, role), backend="django.contrib.auth.backends.ModelBackend")
        clients[role] = client

    rows = []
    for scale in sorted(scales):
        started = time.perf_counter()
        added = generate.grow(scale)
        generate.analyze()
        log(f"[bench] {scale:,} member organisations (+{added}) generated in {time.perf_counter() - started:.1f}s")
        for endpoint, url in ENDPOINTS:
            for role in USERS:
                result = measure(clients[role], url, requests)
                rows.append({"endpoint": endpoint, "url": url, "user": role, "organisations": scale, **result})

    constant = {}
    for endpoint, _url in ENDPOINTS:
        for role in USERS:
            counts = [r["queries"] for r in rows if r["endpoint"] == endpoint and r["user"] == role]
            constant[f"{endpoint}/{role}"] = {"queries": counts, "constant": len(set(counts)) == 1}
    return {
        "benchmark": "api_lists",
        "scales": sorted(scales),
        "contacts_per_organisation": 4,
        "requests_per_measurement": requests,
        "rows": rows,
        "queries_constant": constant,
        "all_constant": all(c["constant"] for c in constant.values()),
    }


def table(result: dict) -> str:
    header = (
        f"{'endpoint':<14} {'user':<10} {'orgs':>6} {'count':>6} {'rows':>5} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8}"
    )
    lines = [header, "-" * len(header)]
    for r in result["rows"]:
        lines.append(
            f"{r['endpoint']:<14} {r['user']:<10} {r['organisations']:>6,} {r['count']:>6,} {r['rows']:>5} "
            f"{r['queries']:>8} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}"
        )
    lines.append("")
    scales = " → ".join(f"{s:,}" for s in result["scales"])
    for key, c in result["queries_constant"].items():
        verdict = "constant" if c["constant"] else "GROWS with the data"
        lines.append(f"queries {key:<24} {' → '.join(map(str, c['queries'])):<12} {verdict}  ({scales} orgs)")
    lines.append(
        "all list queries constant from " + scales + " organisations: " + ("yes" if result["all_constant"] else "NO")
    )
    return "\n".join(lines)
