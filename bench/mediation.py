"""Mediation at 200,000 cases: the statistics endpoint for a full year, the case list's first page,
and the import of a 20,000-row file beside a plain PostgreSQL COPY of the same rows (the ceiling).

Cases are generated with one INSERT … SELECT generate_series (history triggers off for that load),
received over 2024 and 2025 so that the 2025 statistics have a year to compare with.
"""

from __future__ import annotations

import io
import math
import os
import time

from django.db import connection
from django.test import Client

from association.importing import run_import
from association.models import Organisation
from bench import generate
from mediation.models import Case
from mediation.resources import CaseResource

CASES = 200_000
ORGS = 200
#: the issue's size; BENCH_MEDIATION_IMPORT_ROWS overrides it for a quicker run
IMPORT_ROWS = int(os.environ.get("BENCH_MEDIATION_IMPORT_ROWS", "20000"))
REQUESTS = 15
WARMUP = 2
ID_NUMBER = "11010519491231002X"
IMPORT_COLUMNS = [
    "source",
    "court",
    "referral_number",
    "referral_date",
    "channel",
    "consumer_name",
    "consumer_id_number",
    "consumer_phone",
    "respondent_credit_code",
    "line",
    "amount_in_dispute",
    "received_on",
    "status",
    "closed_on",
]


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _generate(org_ids: list[int]) -> None:
    """The history triggers are switched off for this one synthetic load: with them, PostgreSQL spent more
    than 20 minutes on the 200,000 queued row triggers of a single statement. Imports keep them."""
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(
            f"""
            INSERT INTO {table} (
                number, source, court, referral_number, referral_date, channel, consumer_name,
                consumer_id_number, consumer_phone, respondent_id, line, amount_in_dispute, summary,
                received_on, status, decline_reason, extension_days, extension_reason, suspension_reason,
                suspended_days, outcome_notes, agreement_file, ruling_number, refusal_reason, created_at,
                closed_on, ruling_date
            )
            SELECT 'BM-' || g,
                   CASE WHEN g %% 4 = 0 THEN 'pre_litigation' ELSE 'complaint' END,
                   CASE WHEN g %% 4 = 0 THEN '乌鲁木齐铁路运输法院' ELSE '' END,
                   CASE WHEN g %% 4 = 0 THEN 'R' || g ELSE '' END,
                   CASE WHEN g %% 4 = 0 THEN DATE '2024-01-01' + (g %% 731) END,
                   CASE WHEN g %% 4 = 0 THEN '' ELSE (ARRAY['regulator','hotline','walk_in','online'])[1 + g %% 4] END,
                   '张三', %s, '13812341234',
                   (%s::bigint[])[1 + g %% %s],
                   (ARRAY['auto','agricultural','health','life','property','liability','other'])[1 + g %% 7],
                   (g %% 997) * 137.5, '',
                   DATE '2024-01-01' + (g %% 731),
                   status,
                   '', 0, '', '', 0, '', '', '', '', now(),
                   -- concluded about a month after it came in; confirmed ten days after that
                   CASE WHEN status IN ('succeeded', 'confirmed', 'failed', 'withdrawn')
                        THEN DATE '2024-01-01' + (g %% 731) + 20 + (g %% 20) END,
                   CASE WHEN status = 'confirmed' THEN DATE '2024-01-01' + (g %% 731) + 30 + (g %% 20) END
            FROM (
                SELECT g, (ARRAY['succeeded','confirmed','failed','withdrawn','in_sessions','received',
                                 'succeeded','confirmed','succeeded','accepted'])[1 + g %% 10] AS status
                FROM generate_series(1, %s) AS g
            ) AS generated
            """,
            [ID_NUMBER, org_ids, len(org_ids), CASES],
        )
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute(f"ANALYZE {table}")


def _measure(client: Client, url: str) -> dict:
    for _ in range(WARMUP):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    executed = []  # counted by a wrapper: the request clears connection.queries, a capture would see 0

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return {"url": url, "queries": len(executed), "p50_ms": round(percentile(timings, 50), 1)}


def _import_rows(codes: list[str]) -> list[list[str]]:
    rows = []
    for i in range(IMPORT_ROWS):
        court = i % 4 == 0
        rows.append(
            [
                "pre_litigation" if court else "complaint",
                "乌鲁木齐铁路运输法院" if court else "",
                f"IMP{i}" if court else "",
                "2022-03-01" if court else "",
                "" if court else "hotline",
                "李四",
                ID_NUMBER,
                "13900001111",
                codes[i % len(codes)],
                "auto",
                f"{1000 + i}.00",
                f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "succeeded",
                f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}",  # concluded the day it came in
            ]
        )
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    lines = [",".join(IMPORT_COLUMNS), *(",".join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode("gb18030")  # as Chinese Excel saves it


def _copy(rows: list[list[str]], orgs_by_code: dict[str, int]) -> float:
    """The same rows by COPY straight into the table (numbers made up, no validation): the ceiling."""
    table = Case._meta.db_table
    columns = [
        "number",
        "source",
        "court",
        "referral_number",
        "referral_date",
        "channel",
        "consumer_name",
        "consumer_id_number",
        "consumer_phone",
        "respondent_id",
        "line",
        "amount_in_dispute",
        "received_on",
        "status",
        "summary",
        "decline_reason",
        "extension_days",
        "extension_reason",
        "suspension_reason",
        "suspended_days",
        "outcome_notes",
        "agreement_file",
        "ruling_number",
        "refusal_reason",
        "created_at",
        "closed_on",
    ]
    buffer = io.StringIO()
    for i, r in enumerate(rows):
        values = [f"CP-{i}", *r[:4], r[4], r[5], r[6], r[7], str(orgs_by_code[r[8]]), *r[9:13]]
        values[4] = values[4] or "\\N"  # referral_date
        values += ["", "", "0", "", "", "0", "", "", "", "", "2026-01-01 00:00:00+08", r[13]]
        buffer.write("\t".join(values) + "\n")
    buffer.seek(0)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return time.perf_counter() - started


def run(*, log=print) -> dict:
    world = generate.base()
    generate.grow(ORGS, contacts_per_org=1)
    orgs = list(Organisation.objects.filter(name__startswith=generate.PREFIX).members()[:ORGS])
    started = time.perf_counter()
    _generate([o.pk for o in orgs])
    log(f"[bench] {CASES:,} cases generated in {time.perf_counter() - started:.1f}s")
    generate.analyze()

    client = Client()
    client.force_login(world.staff, backend="django.contrib.auth.backends.ModelBackend")
    result = {"cases": Case.objects.count()}
    result["statistics"] = _measure(client, "/api/v1/mediation/statistics/?date_from=2025-01-01&date_to=2025-12-31")
    log(f"[bench] statistics: {result['statistics']}")
    result["api_list"] = _measure(client, "/api/v1/mediation/cases/")
    result["page_list"] = _measure(client, "/mediation/cases/")
    log(f"[bench] lists: {result['api_list']} {result['page_list']}")

    rows = _import_rows([o.credit_code for o in orgs])
    data = _csv(rows)
    started = time.perf_counter()
    report = run_import(CaseResource(), data, "bench.csv")
    seconds = time.perf_counter() - started
    if not report.committed:
        raise RuntimeError(f"import failed: {[str(p) for p in report.problems[:5]]}")
    copy_seconds = _copy(rows, {o.credit_code: o.pk for o in orgs})
    result["import"] = {
        "rows": IMPORT_ROWS,
        "bytes": len(data),
        "seconds": round(seconds, 2),
        "rows_per_s": round(IMPORT_ROWS / seconds),
        "copy_seconds": round(copy_seconds, 3),
        "copy_rows_per_s": round(IMPORT_ROWS / copy_seconds),
    }
    log(f"[bench] import: {result['import']}")
    result["constant_list_queries"] = result["api_list"]["queries"] <= 10 and result["page_list"]["queries"] <= 12
    return result


def table(result: dict) -> str:
    imp = result["import"]
    lines = [
        f"mediation with {result['cases']:,} cases",
        f"{'measure':<40}{'queries':>9}{'p50 ms':>10}",
        f"{'statistics, full year (API)':<40}{result['statistics']['queries']:>9}{result['statistics']['p50_ms']:>10}",
        f"{'case list first page (API)':<40}{result['api_list']['queries']:>9}{result['api_list']['p50_ms']:>10}",
        f"{'case list first page (portal)':<40}{result['page_list']['queries']:>9}{result['page_list']['p50_ms']:>10}",
        f"import {imp['rows']:,} rows (GBK CSV, one pass, all or nothing): "
        f"{imp['seconds']} s = {imp['rows_per_s']:,} rows/s",
        f"plain COPY of the same rows: {imp['copy_seconds']} s = {imp['copy_rows_per_s']:,} rows/s",
    ]
    return "\n".join(lines)


def ok(result: dict) -> bool:
    return result["constant_list_queries"] and result["import"]["rows_per_s"] > 0
