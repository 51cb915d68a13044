"""Demo data for `seed_demo`: conventions and signatures, inspections at every stage (with a re-check,
a repeat finding, a measure and an issued circular), a self-inspection, and three months of auto figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from association.models import Organisation, User
from selfregulation.checklists_data import install_checklists
from selfregulation.models import (
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Convention,
    ConventionSignature,
    Inspection,
    MonthlyReturn,
)
from selfregulation.rules import previous_month
from selfregulation.services.discipline import circular_generate, circular_issue, measure_decide
from selfregulation.services.findings import (
    finding_create,
    recheck_create,
    rectification_review,
    rectification_submit,
)
from selfregulation.services.inspections import inspection_create, inspection_transition, results_record
from selfregulation.services.monitoring import monitoring_analyse, return_submit, returns_due_at

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AUTO_INSURERS = ["人保财险", "平安财险", "太平洋财险", "国寿财险", "中华联合", "大地保险", "天安财险", "阳光财险"]
#: (written premium in 10,000 yuan, policies, claims paid in 10,000 yuan, expense ratio, cost ratio)
BASE = [
    (42000, 310000, 26800, 27.5, 97.8),
    (31000, 228000, 19500, 29.1, 98.6),
    (18000, 131000, 11800, 30.2, 99.3),
    (9000, 66000, 6100, 31.0, 100.4),
    (11000, 80000, 7600, 28.8, 99.0),
    (6000, 43000, 4100, 32.5, 101.2),
    (3500, 25000, 2300, 33.0, 100.9),
    (4200, 30000, 2800, 31.8, 100.1),
]


def _org(short: str) -> Organisation:
    return Organisation.objects.get(short_name=short, tier="provincial")


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def seed_demo() -> None:
    install_checklists(ChecklistTemplate, ChecklistSection, ChecklistItem)
    if Inspection.objects.exists():
        return
    staff = User.objects.get(username="staff")
    now = timezone.now()
    today = timezone.localdate()
    _conventions(staff)
    consumer = ChecklistTemplate.objects.get(code="consumer-protection", is_current=True)
    intermediary = ChecklistTemplate.objects.get(code="intermediary-service-quality", is_current=True)
    picc, pingan, cpic = _org("人保财险"), _org("平安财险"), _org("太平洋财险")

    # last year's inspection: a finding at PICC that repeats this year
    last = inspection_create(
        actor=staff,
        title=f"{today.year - 1}年消保自律检查",
        kind="on_site",
        line="consumer_protection",
        checklist=consumer,
        planned_start=dt.date(today.year - 1, 4, 10),
        planned_end=dt.date(today.year - 1, 4, 28),
        organisations=[picc],
    )
    inspection_transition(inspection=last, actor=staff, to="in_progress")
    _score(last, staff, Decimal("0.9"))
    finding_create(
        target=last.targets.get(),
        item=consumer.items.get(code="CP-3.1"),
        description="3件投诉处理超过15日时限",
        severity="moderate",
        actor=staff,
        found_on=dt.date(today.year - 1, 4, 20),
    )
    inspection_transition(inspection=last, actor=staff, to="report_issued")
    inspection_transition(inspection=last, actor=staff, to="closed")

    # this year's inspection: three companies, findings, rectification, measure, circular
    main = inspection_create(
        actor=staff,
        title=f"{today.year}年财产险公司消保自律检查",
        kind="on_site",
        line="consumer_protection",
        checklist=consumer,
        planned_start=today - dt.timedelta(days=40),
        planned_end=today - dt.timedelta(days=25),
        organisations=[picc, pingan, cpic],
        summary="依据《消保监管评价项目清单》开展现场检查，抽调会员公司人员参加。",
    )
    inspection_transition(inspection=main, actor=staff, to="in_progress")
    for factor, target in zip(
        (Decimal("0.85"), Decimal("0.92"), Decimal("0.78")), main.targets.order_by("organisation__name"), strict=True
    ):
        _score_target(target, staff, factor)
    f1 = finding_create(
        target=main.targets.get(organisation=picc),
        item=consumer.items.get(code="CP-3.1"),
        description="抽查20件投诉，4件未在规定时限内答复",
        severity="serious",
        actor=staff,
        files=[_pdf("投诉台账抽查记录.pdf")],
        found_on=today - dt.timedelta(days=30),
        rectify_by=now + dt.timedelta(days=15),
        demand="建立投诉时限预警，提交整改报告及台账",
    )
    f2 = finding_create(
        target=main.targets.get(organisation=cpic),
        item=consumer.items.get(code="CP-2.1"),
        description="部分电销业务未按要求录音录像",
        severity="moderate",
        actor=staff,
        found_on=today - dt.timedelta(days=29),
        rectify_by=now + dt.timedelta(days=10),
    )
    f3 = finding_create(
        target=main.targets.get(organisation=pingan),
        item=consumer.items.get(code="CP-4.1"),
        description="2件未决赔案超过2年未清理",
        severity="minor",
        actor=staff,
        found_on=today - dt.timedelta(days=28),
        rectify_by=now + dt.timedelta(days=5),
    )
    pingan_reporter = User.objects.filter(username="pingan.reporter").first() or staff
    rectification_submit(
        rectification=f3.rectification,
        actor=pingan_reporter,
        text="两件未决赔案已结案，附结案通知书。",
        files=[_pdf("结案通知书.pdf")],
    )
    rectification_review(rectification=f3.rectification, actor=staff, accept=True, comment="整改到位。")
    cpic_user = User.objects.filter(username="cpic.reporter").first() or staff
    rectification_submit(rectification=f2.rectification, actor=cpic_user, text="已对电销系统升级，补录双录。")
    measure_decide(
        organisation=picc,
        measure="industry_circular",
        reason="投诉处理超时问题连续两年出现",
        decided_by="协会自律工作委员会",
        actor=staff,
        findings=[f1],
        inspection=main,
    )
    inspection_transition(inspection=main, actor=staff, to="report_issued")
    circular = circular_generate(inspection=main, actor=staff, reference=f"新保协发〔{today.year}〕18号")
    circular_issue(circular=circular, actor=staff)
    recheck_create(
        original=main,
        findings=[f1, f2],
        actor=staff,
        title=f"{main.title}“回头看”",
        planned_start=today + dt.timedelta(days=20),
        planned_end=today + dt.timedelta(days=25),
    )

    # intermediary service quality evaluation, in progress
    quality = inspection_create(
        actor=staff,
        title=f"{today.year}年保险中介机构服务质量现场测评",
        kind="on_site",
        line="intermediary",
        checklist=intermediary,
        planned_start=today - dt.timedelta(days=5),
        planned_end=today + dt.timedelta(days=10),
        organisations=[_org("江泰经纪"), _org("新盟代理")],
    )
    inspection_transition(inspection=quality, actor=staff, to="in_progress")
    _score_target(quality.targets.get(organisation=_org("江泰经纪")), staff, Decimal("0.88"))

    # self-inspection the members still owe
    inspection_create(
        actor=staff,
        title=f"{today.year}年人身险销售行为自查",
        kind="self",
        line="life",
        checklist=consumer,
        planned_start=today,
        planned_end=today + dt.timedelta(days=30),
        organisations=[_org("平安人寿"), _org("新华人寿")],
        self_inspection_due_at=now + dt.timedelta(days=21),
    )
    _returns(staff, today)


def _score(inspection, staff, factor):
    for target in inspection.targets.all():
        _score_target(target, staff, factor)


def _score_target(target, staff, factor):
    items = target.inspection.checklist.items.all()
    results_record(
        target=target, actor=staff, scores={i.pk: ((i.max_score * factor).quantize(Decimal("0.5")), "") for i in items}
    )


def _conventions(staff):
    auto, _ = Convention.objects.get_or_create(
        title="新疆地区车险自律约定",
        version="2023版",
        defaults={
            "line": "auto",
            "adopted_on": dt.date(2023, 3, 1),
            "summary": "规范车险市场秩序，禁止虚列费用、恶性竞争。",
        },
    )
    Convention.objects.get_or_create(
        title="新疆保险销售人员管理自律公约（试行）",
        version="试行",
        defaults={"line": "life", "adopted_on": dt.date(2023, 6, 15), "summary": "保障保险销售人员正常、有序流动。"},
    )
    for short in AUTO_INSURERS[:6]:
        ConventionSignature.objects.get_or_create(
            convention=auto, organisation=_org(short), defaults={"signed_on": dt.date(2023, 3, 10), "signed_by": staff}
        )


def _returns(staff, today):
    if MonthlyReturn.objects.exists():
        return
    latest = previous_month(today)
    if timezone.now() <= returns_due_at(latest):  # last month's returns are not due yet: it is not analysed
        latest = previous_month(latest)
    months = [previous_month(previous_month(latest)), previous_month(latest), latest]
    for m, period in enumerate(months):
        for i, short in enumerate(AUTO_INSURERS):
            premium, policies, claims, expense, cost = BASE[i]
            grow = Decimal(1 + 0.02 * m)
            if i == 6 and m == 2:  # 天安: premium jumps 60 % with a high expense ratio: warned
                grow, expense = Decimal("1.6"), 45.0
            figures = {
                "written_premium": (Decimal(premium) * 10000 * grow).quantize(Decimal("0.01")),
                "policies": int(policies * grow),
                "claims_paid": (Decimal(claims) * 10000 * grow).quantize(Decimal("0.01")),
                "combined_expense_ratio": Decimal(str(expense)),
                "combined_cost_ratio": Decimal(str(cost)),
            }
            return_submit(organisation=_org(short), period=period, figures=figures, actor=staff)
        monitoring_analyse(period=period, notify=m == 2)
