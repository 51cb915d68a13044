"""Self-regulation at 5,000 inspections and 50,000 findings: the findings list (API and portal: p50 and
query count, with the repeat-finding count on every row) and the statistics page (p50).

Rows are generated with INSERT … SELECT generate_series (history triggers off for that one load, as in
bench/mediation.py: the queued row triggers of a single huge statement take minutes). Half of the
findings demand rectification (an obligation each), in every obligation state.
"""

from __future__ import annotations

import time

from django.db import connection
from django.test import Client

from association.models import Obligation, Organisation
from bench import generate
from bench.mediation import _measure
from selfregulation.models import ChecklistTemplate, Finding, Inspection, InspectionTarget, Rectification

INSPECTIONS = 5_000
TARGETS_PER_INSPECTION = 2
FINDINGS_PER_TARGET = 5
ORGS = 200
LINES = ["auto", "agricultural", "life", "non_auto_property", "consumer_protection", "intermediary"]


def _tables(*models):
    return [m._meta.db_table for m in models]


def _generate(org_ids: list[int]) -> None:
    checklist = ChecklistTemplate.objects.get(code="consumer-protection", is_current=True)
    items = list(checklist.items.order_by("id").values_list("id", "code"))
    item_ids, item_codes = [i for i, _ in items], [c for _, c in items]
    inspection, target, finding, obligation, rectification = _tables(
        Inspection, InspectionTarget, Finding, Obligation, Rectification
    )
    with connection.cursor() as cursor:
        for table in (inspection, target, finding, obligation, rectification):
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(
            f"""
            INSERT INTO {inspection} (title, kind, line, status, checklist_id, planned_start, planned_end, summary,
                                      created_at)
            SELECT '基准检查' || g,
                   (ARRAY['on_site','flight','self'])[1 + g %% 3],
                   (%s::text[])[1 + g %% 6],
                   (ARRAY['planned','in_progress','report_issued','closed','closed'])[1 + g %% 5],
                   %s, DATE '2023-01-01' + (g %% 1095), DATE '2023-01-01' + (g %% 1095) + 10, '', now()
            FROM generate_series(1, %s) AS g
            """,
            [LINES, checklist.pk, INSPECTIONS],
        )
        cursor.execute(
            f"""
            INSERT INTO {target} (inspection_id, organisation_id, total_score)
            SELECT i.id, (%s::bigint[])[1 + (i.id * {TARGETS_PER_INSPECTION} + j) %% %s], 60 + (i.id * 7 + j * 13) %% 40
            FROM {inspection} i CROSS JOIN generate_series(0, {TARGETS_PER_INSPECTION - 1}) AS j
            """,
            [org_ids, len(org_ids)],
        )
        cursor.execute(
            f"""
            INSERT INTO {finding} (inspection_id, target_id, organisation_id, item_id, item_code, description,
                                   severity, found_on, created_at)
            SELECT t.inspection_id, t.id, t.organisation_id,
                   (%s::bigint[])[1 + (t.id + k) %% %s], (%s::text[])[1 + (t.id + k) %% %s],
                   '基准问题描述' || t.id || '-' || k,
                   (ARRAY['minor','moderate','serious'])[1 + (t.id + k) %% 3],
                   i.planned_start + 3, now()
            FROM {target} t JOIN {inspection} i ON i.id = t.inspection_id
            CROSS JOIN generate_series(0, {FINDINGS_PER_TARGET - 1}) AS k
            """,
            [item_ids, len(item_ids), item_codes, len(item_codes)],
        )
        cursor.execute(
            f"""
            INSERT INTO {obligation} (kind, title, description, organisation_id, due_at, original_due_at, status,
                                      submitted_at, accepted_at, dedupe_key, created_at)
            SELECT 'rectification', '整改报告 ' || f.id, '', f.organisation_id,
                   f.found_on + 30, f.found_on + 30,
                   (ARRAY['open','submitted','accepted','accepted','returned'])[1 + f.id % 5],
                   CASE WHEN f.id % 5 IN (1, 2, 3) THEN f.found_on + (20 + f.id % 20)::int END,
                   CASE WHEN f.id % 5 IN (2, 3) THEN f.found_on + 40 END,
                   'bench-rect:' || f.id, now()
            FROM {finding} f WHERE f.id % 2 = 0
            """
        )
        cursor.execute(
            f"""
            INSERT INTO {rectification} (finding_id, obligation_id, demand, created_at)
            SELECT f.id, o.id, '', now() FROM {finding} f JOIN {obligation} o ON o.dedupe_key = 'bench-rect:' || f.id
            """
        )
        for table in (inspection, target, finding, obligation, rectification):
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute(f"ANALYZE {table}")


def run(*, log=print) -> dict:
    world = generate.base()
    generate.grow(ORGS, contacts_per_org=1)
    orgs = list(
        Organisation.objects.filter(name__startswith=generate.PREFIX).members().values_list("pk", flat=True)[:ORGS]
    )
    started = time.perf_counter()
    _generate(orgs)
    log(f"[bench] selfregulation data generated in {time.perf_counter() - started:.1f}s")
    generate.analyze()
    client = Client()
    client.force_login(world.staff, backend="django.contrib.auth.backends.ModelBackend")
    result = {
        "inspections": Inspection.objects.count(),
        "findings": Finding.objects.count(),
        "rectifications": Rectification.objects.count(),
    }
    result["api_findings"] = _measure(client, "/api/v1/selfregulation/findings/")
    result["page_findings"] = _measure(client, "/selfregulation/findings/")
    result["page_repeats"] = _measure(client, "/selfregulation/findings/?repeat=1")
    log(f"[bench] findings: {result['api_findings']} {result['page_findings']} {result['page_repeats']}")
    result["statistics"] = _measure(client, "/selfregulation/statistics/?date_from=2023-01-01&date_to=2026-12-31")
    log(f"[bench] statistics: {result['statistics']}")
    member = Client()
    member.force_login(world.member, backend="django.contrib.auth.backends.ModelBackend")
    result["member_findings"] = _measure(member, "/api/v1/selfregulation/findings/")
    result["constant_list_queries"] = all(
        result[k]["queries"] <= 14 for k in ("api_findings", "page_findings", "page_repeats", "member_findings")
    )
    return result


def table(result: dict) -> str:
    rows = [
        ("findings list first page (API, staff)", "api_findings"),
        ("findings list first page (API, member)", "member_findings"),
        ("findings list first page (portal)", "page_findings"),
        ("repeat findings only (portal)", "page_repeats"),
        ("statistics page, 2023–2026 (portal)", "statistics"),
    ]
    lines = [
        f"selfregulation with {result['inspections']:,} inspections, {result['findings']:,} findings, "
        f"{result['rectifications']:,} rectifications",
        f"{'measure':<44}{'queries':>9}{'p50 ms':>10}",
    ]
    lines += [f"{label:<44}{result[key]['queries']:>9}{result[key]['p50_ms']:>10}" for label, key in rows]
    return "\n".join(lines)


def ok(result: dict) -> bool:
    return (
        result["constant_list_queries"]
        and result["findings"] == INSPECTIONS * TARGETS_PER_INSPECTION * FINDINGS_PER_TARGET
    )
