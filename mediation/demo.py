"""Demo data for `seed_demo`: a handful of cases from both sources at different stages, the published totals of
2022 and 2023 (baselines) and last month's figures published."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from association.choices import Role
from association.demo.clock import at, real_today, story_at, working_days_before
from association.models import Membership, Organisation, User
from association.services.obligations import obligation_submit
from association.workdays import add_working_days
from mediation.choices import PublicationKind
from mediation.id_number import check_character
from mediation.models import Case, StatisticsBaseline, publication_period
from mediation.services.cases import (
    case_accept,
    case_assign,
    case_create,
    case_succeed,
    response_obligations,
    session_add,
)
from mediation.services.statistics import baseline_create, statistics_published

AGREEMENT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CASES = [
    # consumer, id number, respondent short name, source, line, amount, stage
    ("张伟", "650102198001011232", "人保财险", "pre_litigation", "auto", "86000.00", "succeeded"),
    ("李娜", "650104199203154526", "平安财险", "complaint", "health", "12800.00", "sessions"),
    ("买买提·艾力", "654001198811230011", "中国人寿", "complaint", "life", "50000.00", "assigned"),
    ("王芳", "650103197507086623", "太平洋财险", "pre_litigation", "property", "230000.00", "received"),
]


#: the association's published totals before the portal (seed 000 item 18: 2023, and 2022 from its YoY)
BASELINES = [
    # year, source, received, succeeded
    (2022, "pre_litigation", 399, None),
    (2022, "complaint", 408, None),
    (2023, "pre_litigation", 460, 410),
    (2023, "complaint", 1213, 1101),
]


def seed_statistics() -> None:
    """The published totals of 2022 and 2023 (so year over year works from the start) and last month's
    figures published (version 1), as the monthly report would."""
    staff = User.objects.get(username="staff")
    for year, source, received, succeeded in BASELINES:
        if not StatisticsBaseline.objects.filter(year=year, source=source).exists():
            baseline_create(actor=staff, year=year, source=source, received=received, succeeded=succeeded,
                            published_in="新疆保险行业协会2023年服务清单")  # fmt: skip
    month_start = real_today().replace(day=1)
    start, end = publication_period(PublicationKind.MONTHLY, month_start - dt.timedelta(days=1))
    with story_at(at(add_working_days(month_start - dt.timedelta(days=1), 3), 10, 0)):  # the 3rd working day
        statistics_published(kind=PublicationKind.MONTHLY, period_start=start, period_end=end)


def seed_demo() -> None:
    seed_cases()
    seed_statistics()


def seed_cases() -> None:
    """Each case as its days went: received in the morning, accepted the same afternoon, the respondent's
    written response within its time (one company still owes it), a session three days ago, one success."""
    if Case.objects.exists():
        return
    staff = User.objects.get(username="staff")
    mediator = User.objects.get(username="mediator")
    today = real_today()
    for i, (name, id_number, respondent, source, line, amount, stage) in enumerate(CASES):
        received_on = working_days_before(14 - i * 3)
        fields = {
            "source": source,
            "consumer_name": name,
            "consumer_id_number": id_number[:17] + check_character(id_number[:17]),
            "consumer_phone": f"1380991{i:04d}",
            "respondent": Organisation.objects.get(short_name=respondent, tier="provincial"),
            "line": line,
            "amount_in_dispute": Decimal(amount),
            "received_on": received_on,
        }
        if source == "pre_litigation":
            fields |= {
                "court": "乌鲁木齐铁路运输法院",
                "referral_number": f"({received_on.year})新7101诉前调{100 + i}号",
                "referral_date": received_on,
            }
        else:
            fields["channel"] = "regulator"
        with story_at(at(received_on, 10, 15)):
            case = case_create(actor=staff, **fields)
        if stage == "received":
            continue
        with story_at(at(received_on, 15, 0)):
            case = case_accept(case=case, actor=staff, accepted_on=received_on)
            case = case_assign(case=case, actor=staff, mediator=mediator)
        _respond(case, i)
        if stage == "assigned":
            continue
        held_on = working_days_before(3)
        with story_at(at(held_on, 17, 0)):
            session_add(
                case=case,
                actor=mediator,
                held_on=held_on,
                mode="on_site",
                attendees="申请人、被申请人理赔负责人",
                notes="双方就定损金额交换意见。",
            )
        if stage == "succeeded":
            with story_at(at(today, 11, 0)):
                case_succeed(
                    case=Case.objects.get(pk=case.pk),
                    actor=mediator,
                    settlement_amount=Decimal("72000.00"),
                    agreement_file=SimpleUploadedFile("调解协议.pdf", AGREEMENT),
                    closed_on=today,
                )


def _respond(case: Case, i: int) -> None:
    """The respondent's written response, a few days after acceptance (the last case's is still owed)."""
    obligation = response_obligations(case).filter(status="open").first()
    membership = (
        Membership.objects.filter(organisation=case.respondent, role=Role.MEMBER_MANAGER, is_active=True)
        .select_related("user")
        .first()
    )
    if obligation is None or membership is None or i >= 2:
        return
    with story_at(at(add_working_days(case.accepted_on, 2 + i), 16, 30)):
        obligation_submit(
            obligation=obligation,
            actor=membership.user,
            text="我司已核实案件情况，同意参加调解，理赔经办人将出席调解会。",
        )
