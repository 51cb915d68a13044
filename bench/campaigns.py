"""Publicity campaigns at 100 campaigns, 50 members and 30,000 activities: the ranking computation (all
campaigns, and one) and the ranking endpoint, with the campaign list and an activities page.

Campaigns, participations, deliverables and activities are written with INSERT … SELECT generate_series
(history triggers off for that one synthetic load, see bench/mediation.py); each participant's deliverables
are obligations, created with bulk_create, half of them submitted (some late).
"""

from __future__ import annotations

import datetime as dt
import time

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.utils import timezone

from association.models import Obligation, Organisation
from bench import generate
from bench.mediation import _measure
from campaigns.models import Activity, Campaign, Deliverable, Participation
from campaigns.services.scores import campaign_scores_recompute, scores_recompute_year

CAMPAIGNS = 100
MEMBERS = 50
ACTIVITIES = 30_000
KINDS = (
    "ARRAY['community','school','senior_university','care_home','gm_reception','live_stream',"
    "'media_article','short_video','other']"
)


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _without_triggers(tables: list[str], statements: list[tuple[str, list]]) -> None:
    for table in tables:
        _sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        for statement, params in statements:
            _sql(statement, params)
    finally:
        for table in tables:
            _sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def _generate(org_ids: list[int], staff_id: int) -> None:
    c, p, d, a = (m._meta.db_table for m in (Campaign, Participation, Deliverable, Activity))
    _without_triggers(
        [c, d, a],
        [
            (
                f"""INSERT INTO {c} (kind, title, theme, slogan, starts_on, ends_on, plan_document, plan_document_name,
                       status, created_at, created_by_id)
                SELECT 'other', '基准宣传活动' || g, '', '', DATE '2025-01-06' + (g * 7), DATE '2025-01-12' + (g * 7),
                       '', '', 'closed', now(), %s FROM generate_series(1, %s) AS g""",
                [staff_id, CAMPAIGNS],
            ),
            (
                f"INSERT INTO {p} (campaign_id, organisation_id) SELECT c.id, o FROM {c} c, unnest(%s::bigint[]) AS o",
                [org_ids],
            ),
            (
                f"""INSERT INTO {d} (campaign_id, kind, title, description, due_at)
                SELECT c.id, k.kind, k.kind, '', (c.ends_on + k.days)::timestamp + TIME '17:30' - INTERVAL '8 hours'
                FROM {c} c, (VALUES ('activity_plan', -8), ('news_drafts', 0), ('summary', 2)) AS k(kind, days)""",
                [],
            ),
            (
                f"""INSERT INTO {a} (campaign_id, organisation_id, kind, title, held_on, place, description, audience,
                       views, coverage_links, mainstream_media, original_content, created_at)
                SELECT cs.ids[1 + g %% array_length(cs.ids, 1)], (%s::bigint[])[1 + (g / 7) %% %s],
                       ({KINDS})[1 + g %% 9], '活动' || g, DATE '2025-03-01', '乌鲁木齐', '', (g %% 500),
                       (g %% 97) * 700, '', g %% 11 = 0, g %% 5 = 0, now()
                FROM generate_series(1, %s) AS g, (SELECT array_agg(id ORDER BY id) AS ids FROM {c}) AS cs""",
                [org_ids, len(org_ids), ACTIVITIES],
            ),
        ],
    )
    ct = ContentType.objects.get_for_model(Deliverable)
    rows = []
    for i, (pk, due_at) in enumerate(Deliverable.objects.values_list("pk", "due_at")):
        for j, org_id in enumerate(org_ids):
            submitted = (i + j) % 2 == 0
            rows.append(
                Obligation(
                    kind="campaign_deliverable",
                    title="基准交付物",
                    organisation_id=org_id,
                    subject_type=ct,
                    subject_id=pk,
                    due_at=due_at,
                    original_due_at=due_at,
                    status="submitted" if submitted else "open",
                    submitted_at=(due_at + dt.timedelta(hours=(j % 3) * 12 - 6)) if submitted else None,
                )
            )
    _sql(f"ALTER TABLE {Obligation._meta.db_table} DISABLE TRIGGER USER")
    try:
        Obligation.objects.bulk_create(rows, batch_size=5000)
    finally:
        _sql(f"ALTER TABLE {Obligation._meta.db_table} ENABLE TRIGGER USER")


def run(*, log=print) -> dict:
    world = generate.base()
    generate.grow(MEMBERS, contacts_per_org=1)
    orgs = list(Organisation.objects.filter(name__startswith=generate.PREFIX).members().order_by("pk")[:MEMBERS])
    started = time.perf_counter()
    _generate([o.pk for o in orgs], world.staff.pk)
    log(
        f"[bench] {Campaign.objects.count()} campaigns, {Activity.objects.count():,} activities, "
        f"{Obligation.objects.count():,} obligations in {time.perf_counter() - started:.1f}s"
    )
    generate.analyze()

    now = timezone.now()
    started = time.perf_counter()
    scored = sum(scores_recompute_year(year=y, now=now) for y in (2025, 2026, 2027))
    all_seconds = time.perf_counter() - started
    campaign = Campaign.objects.order_by("pk").first()
    timings = []
    for _ in range(5):
        t = time.perf_counter()
        campaign_scores_recompute(campaign=campaign, now=now)
        timings.append((time.perf_counter() - t) * 1000)
    result = {
        "campaigns": Campaign.objects.count(),
        "members": len(orgs),
        "activities": Activity.objects.count(),
        "recompute_all": {"scores": scored, "seconds": round(all_seconds, 2)},
        "recompute_one_ms": round(sorted(timings)[len(timings) // 2], 1),
    }
    log(f"[bench] recompute: {result['recompute_all']}, one campaign p50 {result['recompute_one_ms']} ms")
    client = Client()
    client.force_login(world.staff, backend="django.contrib.auth.backends.ModelBackend")
    result["ranking_api"] = _measure(client, f"/api/v1/campaigns/{campaign.pk}/ranking/")
    result["campaign_list_api"] = _measure(client, "/api/v1/campaigns/")
    result["activities_api"] = _measure(client, f"/api/v1/campaigns/{campaign.pk}/activities/")
    result["ranking_page"] = _measure(client, f"/campaigns/{campaign.pk}/ranking/")
    member = Client()
    member.force_login(world.member, backend="django.contrib.auth.backends.ModelBackend")
    result["ranking_api_member"] = _measure(member, f"/api/v1/campaigns/{campaign.pk}/ranking/")
    result["annual_page"] = _measure(client, "/campaigns/annual/?year=2025")
    log(f"[bench] endpoints: {result['ranking_api']} {result['campaign_list_api']} {result['activities_api']}")
    result["constant_queries"] = all(
        result[k]["queries"] <= 12 for k in ("ranking_api", "campaign_list_api", "activities_api", "ranking_api_member")
    )
    return result


def table(result: dict) -> str:
    lines = [
        f"campaigns: {result['campaigns']} campaigns, {result['members']} members, {result['activities']:,} activities",
        f"recompute every campaign's scores ({result['recompute_all']['scores']:,} scores): "
        f"{result['recompute_all']['seconds']} s; one campaign p50 {result['recompute_one_ms']} ms",
        f"{'measure':<40}{'queries':>9}{'p50 ms':>10}",
    ]
    for key, label in [
        ("ranking_api", "ranking of a campaign (API, staff)"),
        ("ranking_api_member", "ranking of a campaign (API, member)"),
        ("ranking_page", "ranking page (portal)"),
        ("annual_page", "annual ranking page (portal)"),
        ("campaign_list_api", "campaign list (API)"),
        ("activities_api", "activities first page (API)"),
    ]:
        lines.append(f"{label:<40}{result[key]['queries']:>9}{result[key]['p50_ms']:>10}")
    return "\n".join(lines)


def ok(result: dict) -> bool:
    return result["constant_queries"] and result["recompute_all"]["scores"] == result["campaigns"] * result["members"]
