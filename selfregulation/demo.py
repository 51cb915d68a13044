"""Demo data for `seed_demo`: conventions and signatures, inspections at every stage (with a re-check,
a repeat finding, a measure and an issued circular), a self-inspection, and three months of auto figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from association.choices import Role
from association.demo.clock import at, due_in_working_days, real_now, real_today, story_at, working_days_before
from association.models import Organisation, User
from association.workdays import add_working_days
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
from selfregulation.services.monitoring import (
    monitoring_analyse,
    reporting_companies,
    return_submit,
    returns_due_at,
    returns_open,
)

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


def _reporter(org: Organisation, staff: User) -> User:
    """The company's reporter (the demo has one for some companies), else staff entering the figures."""
    membership = org.memberships.filter(role=Role.MEMBER_REPORTER, is_active=True).select_related("user")
    return membership.first().user if membership.exists() else staff


def _month_end(period: dt.date) -> dt.date:
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def seed_demo() -> None:
    install_checklists(ChecklistTemplate, ChecklistSection, ChecklistItem)
    if Inspection.objects.exists():
        return
    staff = User.objects.get(username="staff")
    today = real_today()
    _conventions(staff)
    consumer = ChecklistTemplate.objects.get(code="consumer-protection", is_current=True)
    intermediary = ChecklistTemplate.objects.get(code="intermediary-service-quality", is_current=True)
    picc, pingan, cpic = _org("人保财险"), _org("平安财险"), _org("太平洋财险")
    _returns(staff, today)  # first: its warnings were issued before the circular (document numbers in order)
    _last_year(staff, consumer, picc, today.year - 1)
    _this_year(staff, consumer, picc, pingan, cpic, today)

    # intermediary service quality evaluation, in progress since the start of the week
    start = working_days_before(3)
    with story_at(at(working_days_before(8), 10, 0)):
        quality = inspection_create(
            actor=staff,
            title=f"{today.year}年保险中介机构服务质量现场测评",
            kind="on_site",
            line="intermediary",
            checklist=intermediary,
            planned_start=start,
            planned_end=add_working_days(start, 10),
            organisations=[_org("江泰经纪"), _org("新盟代理")],
        )
    with story_at(at(start, 9, 30)):
        inspection_transition(inspection=quality, actor=staff, to="in_progress")
    with story_at(at(working_days_before(1), 17, 0)):
        _score_target(quality.targets.get(organisation=_org("江泰经纪")), staff, Decimal("0.88"))

    # a self-inspection the members still owe: the end of the 15th working day from today
    with story_at(at(today, 9, 0)):
        inspection_create(
            actor=staff,
            title=f"{today.year}年人身险销售行为自查",
            kind="self",
            line="life",
            checklist=consumer,
            planned_start=today,
            planned_end=today + dt.timedelta(days=30),
            organisations=[_org("平安人寿"), _org("新华人寿")],
            self_inspection_due_at=due_in_working_days(15, today),
        )


def _last_year(staff, consumer, picc, year):
    """Last year's inspection: a finding at PICC that repeats this year."""
    with story_at(at(dt.date(year, 3, 20), 10, 0)):
        last = inspection_create(
            actor=staff,
            title=f"{year}年消保自律检查",
            kind="on_site",
            line="consumer_protection",
            checklist=consumer,
            planned_start=dt.date(year, 4, 10),
            planned_end=dt.date(year, 4, 28),
            organisations=[picc],
        )
    with story_at(at(dt.date(year, 4, 10), 9, 30)):
        inspection_transition(inspection=last, actor=staff, to="in_progress")
    with story_at(at(dt.date(year, 4, 20), 16, 0)):
        _score(last, staff, Decimal("0.9"))
        finding_create(
            target=last.targets.get(),
            item=consumer.items.get(code="CP-3.1"),
            description="3件投诉处理超过15日时限",
            severity="moderate",
            actor=staff,
            found_on=dt.date(year, 4, 20),
        )
    with story_at(at(dt.date(year, 5, 15), 10, 0)):
        inspection_transition(inspection=last, actor=staff, to="report_issued")
    with story_at(at(dt.date(year, 6, 30), 10, 0)):
        inspection_transition(inspection=last, actor=staff, to="closed")


def _this_year(staff, consumer, picc, pingan, cpic, today):
    """Three companies on site six weeks ago, findings with rectification deadlines counted from the report
    (issued ten working days ago), one rectified and accepted, one waiting for review, one still owed; a
    measure, the circular (numbered in the notices' sequence) and a re-check planned."""
    on_site = working_days_before(30)
    report_day = working_days_before(10)
    with story_at(at(working_days_before(40), 10, 0)):
        main = inspection_create(
            actor=staff,
            title=f"{today.year}年财产险公司消保自律检查",
            kind="on_site",
            line="consumer_protection",
            checklist=consumer,
            planned_start=on_site,
            planned_end=add_working_days(on_site, 10),
            organisations=[picc, pingan, cpic],
            summary="依据《消保监管评价项目清单》开展现场检查，抽调会员公司人员参加。",
        )
    with story_at(at(on_site, 9, 30)):
        inspection_transition(inspection=main, actor=staff, to="in_progress")
    findings = {}
    story = [
        # company, item, what was found, severity, day on site, working days to rectify from the report
        (picc, "CP-3.1", "抽查20件投诉，4件未在规定时限内答复", "serious", 2, 20),
        (cpic, "CP-2.1", "部分电销业务未按要求录音录像", "moderate", 4, 15),
        (pingan, "CP-4.1", "2件未决赔案超过2年未清理", "minor", 6, 8),
    ]
    factors = {picc.pk: Decimal("0.85"), pingan.pk: Decimal("0.92"), cpic.pk: Decimal("0.78")}
    for org, code, description, severity, day, rectify_days in story:
        found_on = add_working_days(on_site, day)
        with story_at(at(found_on, 17, 0)):
            _score_target(main.targets.get(organisation=org), staff, factors[org.pk])
            findings[org.pk] = finding_create(
                target=main.targets.get(organisation=org),
                item=consumer.items.get(code=code),
                description=description,
                severity=severity,
                actor=staff,
                files=[_pdf("投诉台账抽查记录.pdf")] if org == picc else (),
                found_on=found_on,
                rectify_by=due_in_working_days(rectify_days, report_day),
                demand="建立投诉时限预警，提交整改报告及台账" if org == picc else "",
            )
    f1, f2, f3 = findings[picc.pk], findings[cpic.pk], findings[pingan.pk]
    with story_at(at(report_day, 10, 0)):
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
        circular_issue(circular=circular_generate(inspection=main, actor=staff), actor=staff)
    with story_at(at(working_days_before(4), 15, 10)):
        rectification_submit(
            rectification=f3.rectification,
            actor=User.objects.filter(username="pingan.reporter").first() or staff,
            text="两件未决赔案已结案，附结案通知书。",
            files=[_pdf("结案通知书.pdf")],
        )
    with story_at(at(working_days_before(3), 10, 30)):
        rectification_review(rectification=f3.rectification, actor=staff, accept=True, comment="整改到位。")
    with story_at(at(working_days_before(1), 16, 45)):
        rectification_submit(
            rectification=f2.rectification,
            actor=User.objects.filter(username="cpic.reporter").first() or staff,
            text="已对电销系统升级，补录双录。",
        )
    with story_at(at(working_days_before(0), 9, 0)):
        recheck_create(
            original=main,
            findings=[f1, f2],
            actor=staff,
            title=f"{main.title}“回头看”",
            planned_start=add_working_days(today, 15),
            planned_end=add_working_days(today, 20),
        )


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
    """Three months of returns from every reporting company as they came in: each month's obligations open
    on its last day, the companies report a few working days before the due day, 天安 once a working day
    late (the month is then analysed again: version 2) and 紫金 not at all in the latest month; each month
    is analysed the morning after it is due."""
    if MonthlyReturn.objects.exists():
        return
    latest = previous_month(today)
    if real_now() <= returns_due_at(latest):  # last month's returns are not due yet: it is not analysed
        latest = previous_month(latest)
    months = [previous_month(previous_month(latest)), previous_month(latest), latest]
    companies = sorted(
        reporting_companies(),
        key=lambda o: (AUTO_INSURERS.index(o.short_name) if o.short_name in AUTO_INSURERS else 99, o.name),
    )
    for m, period in enumerate(months):
        due_day = timezone.localtime(returns_due_at(period)).date()
        with story_at(at(_month_end(period), 9, 0)):
            returns_open(period=period)
        late = []
        for i, org in enumerate(companies):
            if org.short_name == "紫金财险" and m == 2:
                continue  # missed: still owed
            figures = _figures_of(i, m)
            if org.short_name == "天安财险" and m == 1:
                late.append((org, figures))
                continue
            sent = at(working_days_before(1 + (i + m) % 4, due_day), 10 + i % 7, (7 * i) % 60)
            with story_at(sent):
                return_submit(organisation=org, period=period, figures=figures, actor=_reporter(org, staff))
        with story_at(at(add_working_days(due_day, 1), 8, 0)) as morning:
            monitoring_analyse(period=period, notify=m == 2, now=morning)
        for org, figures in late:  # a working day late: the month is analysed again the next morning
            with story_at(at(add_working_days(due_day, 1), 11, 40)):
                return_submit(organisation=org, period=period, figures=figures, actor=_reporter(org, staff))
            with story_at(at(add_working_days(due_day, 2), 8, 0)) as morning:
                monitoring_analyse(period=period, notify=False, now=morning)


def _figures_of(i: int, m: int) -> dict:
    """Company ``i``'s figures in month ``m``: the big eight from BASE, the others smaller; 天安's premium
    jumps 60 % with a high expense ratio in the latest month (a warning)."""
    if i < len(BASE):
        premium, policies, claims, expense, cost = BASE[i]
    else:
        premium, policies, claims = 2600 - 90 * (i - len(BASE)), 19000 - 600 * (i - len(BASE)), 1700
        expense, cost = 30.0 + (i % 5), 99.0 + (i % 3)
    grow = Decimal(1 + 0.02 * m)
    if i == AUTO_INSURERS.index("天安财险") and m == 2:
        grow, expense = Decimal("1.6"), 45.0
    return {
        "written_premium": (Decimal(premium) * 10000 * grow).quantize(Decimal("0.01")),
        "policies": int(policies * grow),
        "claims_paid": (Decimal(claims) * 10000 * grow).quantize(Decimal("0.01")),
        "combined_expense_ratio": Decimal(str(expense)),
        "combined_cost_ratio": Decimal(str(cost)),
    }
