"""Demo data for `seed_demo`: a handful of cases from both sources at different stages, the published totals of
2022 and 2023 (baselines) and last month's figures published."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from association.models import Organisation, User
from mediation.choices import PublicationKind
from mediation.id_number import check_character
from mediation.models import Case, StatisticsBaseline, publication_period
from mediation.services.cases import case_accept, case_assign, case_create, case_succeed, session_add
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
    start, end = publication_period(PublicationKind.MONTHLY, timezone.localdate().replace(day=1) - dt.timedelta(days=1))
    statistics_published(kind=PublicationKind.MONTHLY, period_start=start, period_end=end)


def seed_demo() -> None:
    seed_cases()
    seed_statistics()


def seed_cases() -> None:
    if Case.objects.exists():
        return
    staff = User.objects.get(username="staff")
    mediator = User.objects.get(username="mediator")
    today = timezone.localdate()
    for i, (name, id_number, respondent, source, line, amount, stage) in enumerate(CASES):
        fields = {
            "source": source,
            "consumer_name": name,
            "consumer_id_number": id_number[:17] + check_character(id_number[:17]),
            "consumer_phone": f"1380991{i:04d}",
            "respondent": Organisation.objects.get(short_name=respondent, tier="provincial"),
            "line": line,
            "amount_in_dispute": Decimal(amount),
            "received_on": today - dt.timedelta(days=20 - i * 4),
        }
        if source == "pre_litigation":
            fields |= {
                "court": "乌鲁木齐铁路运输法院",
                "referral_number": f"(2026)新7101诉前调{100 + i}号",
                "referral_date": fields["received_on"],
            }
        else:
            fields["channel"] = "regulator"
        case = case_create(actor=staff, **fields)
        if stage == "received":
            continue
        case = case_accept(case=case, actor=staff, accepted_on=fields["received_on"])
        case = case_assign(case=case, actor=staff, mediator=mediator)
        if stage == "assigned":
            continue
        session_add(
            case=case,
            actor=mediator,
            held_on=today - dt.timedelta(days=3),
            mode="on_site",
            attendees="申请人、被申请人理赔负责人",
            notes="双方就定损金额交换意见。",
        )
        if stage == "succeeded":
            case_succeed(
                case=Case.objects.get(pk=case.pk),
                actor=mediator,
                settlement_amount=Decimal("72000.00"),
                agreement_file=SimpleUploadedFile("调解协议.pdf", AGREEMENT),
                closed_on=today,
            )
