"""Disasters: an event with 60 companies × 30 days of loss reports (and a small one to compare).

Measured: SQL queries of the event page, the event API and the summary endpoint on both events
(constant: the same for 5 × 3 as for 60 × 30), p50 time of the event API (detail and list) and of
the daily summary build (table, xlsx and PDF, not stored).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from association.choices import MembershipStatus, ObligationKind, ObligationStatus, OrganisationKind
from association.models import Obligation, Organisation, Region
from association.reports.writers import write_pdf, write_xlsx
from bench import generate
from disasters.choices import Grade
from disasters.models import LossReport
from disasters.selectors import today_beijing
from disasters.services.clocks import daily_obligations, event_obligations
from disasters.services.events import event_create
from disasters.services.responses import response_open
from disasters.services.summaries import summary_table

COMPANIES, DAYS, REQUESTS = 60, 30, 30


def _companies(n: int, offset: int) -> list[Organisation]:
    ili = Region.objects.get(code="654000")
    orgs = [
        Organisation(
            name=f"{generate.PREFIX}灾害财险{offset + i:03d}伊犁中心支公司",
            kind=OrganisationKind.PROPERTY_INSURER,
            tier="prefecture",
            region=ili,
            credit_code=generate._credit_code(700_000 + offset + i, "654000"),
            membership_status=MembershipStatus.MEMBER,
        )
        for i in range(n)
    ]
    return Organisation.objects.bulk_create(orgs)


@transaction.atomic
def _event(world, companies: int, days: int, offset: int, now: dt.datetime):
    orgs = _companies(companies, offset)
    start = now - dt.timedelta(days=days - 1, hours=2)
    event = event_create(
        actor=world.staff, title=f"基准洪涝 {companies}×{days}", hazard="flood", occurred_at=start, known_at=start,
        regions=[Region.objects.get(code="654000")], organisations=orgs, est_property_loss=Decimal("80000000"),
        now=start,
    )  # fmt: skip
    response = response_open(event=event, actor=world.staff, level=Grade.II, now=start)
    daily_obligations(event=event, response=response, now=now)  # what the hourly task did over 30 days
    first = today_beijing(start)
    LossReport.objects.bulk_create(
        [
            LossReport(
                event=event, organisation=o, report_date=first + dt.timedelta(days=d), policies_affected=10 * (d + 1),
                claims_reported=5 * (d + 1), estimated_loss=Decimal(100_000 * (d + 1) + i),
                claims_paid=Decimal(20_000 * d), advance_payments=Decimal(5_000 * d), staff_deployed=3,
                problems="道路中断", measures="开通绿色通道",
            )
            for i, o in enumerate(orgs)
            for d in range(days)
            if (i + d) % 17  # a few missing cells in the roll call
        ]
    )  # fmt: skip
    daily = event_obligations(event).filter(kind=ObligationKind.DISASTER_DAILY_REPORT, due_at__lte=now)
    for obligation in daily.filter(pk__in=daily.values("pk")[: max(1, daily.count() * 9 // 10)]):
        obligation.status, obligation.submitted_at = ObligationStatus.SUBMITTED, obligation.due_at
        obligation.save(update_fields=["status", "submitted_at"])
    return event


def _measure(client: Client, url: str, requests: int) -> dict:
    client.get(url)  # warm-up
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):  # the query log is reset per request: count at execution
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    times = []
    for _ in range(requests):
        t = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t) * 1000)
    return {"queries": count[0], "p50_ms": round(statistics.median(times), 1)}


def run(*, log=print) -> dict:
    world = generate.base()
    now = timezone.now()
    t = time.perf_counter()
    small = _event(world, 5, 3, 0, now)
    big = _event(world, COMPANIES, DAYS, 100, now)
    log(f"[bench] disasters: events generated in {time.perf_counter() - t:.1f}s")
    generate.analyze()
    client = Client()
    client.force_login(world.staff, backend="django.contrib.auth.backends.ModelBackend")
    result = {"companies": COMPANIES, "days": DAYS, "reports": LossReport.objects.filter(event=big).count()}
    result["obligations"] = Obligation.objects.filter(subject_id=big.pk).count()
    pages = {
        "event page": "/disasters/{}/",
        "event API": "/api/v1/disasters/events/{}/",
        "summary endpoint": "/api/v1/disasters/events/{}/summary/",
    }
    result["pages"] = {}
    for label, url in pages.items():
        s = _measure(client, url.format(small.pk), 3)
        b = _measure(client, url.format(big.pk), REQUESTS)
        result["pages"][label] = {"small_queries": s["queries"], "queries": b["queries"], "p50_ms": b["p50_ms"]}
        log(f"[bench] {label}: {b['queries']} queries (small event {s['queries']}), p50 {b['p50_ms']} ms")
    lst = _measure(client, "/api/v1/disasters/events/", REQUESTS)
    result["pages"]["event list API"] = {"small_queries": lst["queries"], **lst}
    times = []
    for _ in range(5):
        t = time.perf_counter()
        table = summary_table(big, today_beijing(now), now)
        write_xlsx(table)
        write_pdf(table)
        times.append((time.perf_counter() - t) * 1000)
    result["summary_build_p50_ms"] = round(statistics.median(times), 1)
    log(f"[bench] summary build (table + xlsx + PDF): p50 {result['summary_build_p50_ms']} ms")
    result["constant"] = all(p["small_queries"] == p["queries"] for p in result["pages"].values())
    return result


def table(result: dict) -> str:
    lines = [
        f"disasters: event with {result['companies']} companies × {result['days']} days "
        f"({result['reports']:,} loss reports, {result['obligations']:,} obligations)",
        f"{'measure':<20}{'queries 5×3':>13}{'queries 60×30':>15}{'p50 ms':>9}",
    ]
    for label, p in result["pages"].items():
        lines.append(f"{label:<20}{p['small_queries']:>13}{p['queries']:>15}{p['p50_ms']:>9}")
    lines.append(f"summary build (table + xlsx + PDF) p50: {result['summary_build_p50_ms']} ms")
    lines.append(f"query counts constant: {'yes' if result['constant'] else 'NO'}")
    return "\n".join(lines)


def ok(result: dict) -> bool:
    return result["constant"]
