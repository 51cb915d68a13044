"""Inspections, findings and returns for the self-regulation tests."""

import datetime as dt
import io

from django.utils import timezone

from association.choices import Role
from selfregulation.models import ChecklistTemplate
from selfregulation.services.findings import finding_create
from selfregulation.services.inspections import inspection_create
from tests.factories import MembershipFactory, UserFactory


def checklist(code="consumer-protection"):
    return ChecklistTemplate.objects.get(code=code, is_current=True)


def make_inspection(world, *, orgs=None, kind="on_site", **extra):
    fields = {
        "actor": world.users["staff"],
        "title": "2026年消保自律检查",
        "kind": kind,
        "line": "consumer_protection",
        "checklist": checklist(),
        "planned_start": dt.date(2026, 3, 2),
        "planned_end": dt.date(2026, 3, 20),
        "organisations": orgs or [world.org_a_branch],
    }
    if kind == "self":
        fields["self_inspection_due_at"] = timezone.now() + dt.timedelta(days=10)
    fields |= extra
    return inspection_create(**fields)


def make_finding(world, inspection=None, *, rectify=True, item_code="CP-3.1", target=None, **extra):
    inspection = inspection or make_inspection(world)
    target = target or inspection.targets.first()
    item = inspection.checklist.items.get(code=item_code)
    return finding_create(
        target=target,
        item=item,
        description="投诉处理超过规定时限",
        severity="serious",
        actor=world.users["staff"],
        rectify_by=timezone.now() + dt.timedelta(days=15) if rectify else None,
        found_on=extra.pop("found_on", dt.date(2026, 3, 10)),
        **extra,
    )


def borrowed_inspector(organisation, username="borrowed"):
    """A member-company employee lent to the association for an inspection."""
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=Role.MEMBER_REPORTER)
    return user


def pdf_file(name="整改报告.pdf"):
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    f = io.BytesIO(data)
    f.name = name
    f.size = len(data)
    return f


FIGURES = {
    "written_premium": "12000000.00",
    "policies": "8000",
    "claims_paid": "7000000.00",
    "combined_expense_ratio": "28.50",
    "combined_cost_ratio": "98.20",
}


def matrix_finding(world):
    """A finding at A's branch (region X) with a rectification demand."""
    return make_finding(world)


def matrix_submitted(world):
    """A finding at A's branch whose rectification report has been submitted (waiting for review)."""
    from selfregulation.services.findings import rectification_submit

    finding = make_finding(world)
    rectification_submit(rectification=finding.rectification, actor=world.users["member_a_manager"], text="已整改")
    return finding


def matrix_circular(world):
    """An issued circular of an inspection of A's branch."""
    from selfregulation.services.discipline import circular_generate, circular_issue

    finding = make_finding(world)
    circular = circular_generate(
        inspection=finding.inspection, actor=world.users["staff"], reference="新保协发〔2026〕1号"
    )
    circular_issue(circular=circular, actor=world.users["staff"])
    return circular


def matrix_return(world):
    from selfregulation.services.monitoring import return_submit

    return return_submit(
        organisation=world.org_a_branch, period=dt.date(2026, 1, 1), figures=FIGURES, actor=world.users["staff"]
    )


def matrix_report(world):
    from selfregulation.services.monitoring import monitoring_analyse

    matrix_return(world)
    return monitoring_analyse(period=dt.date(2026, 1, 1), notify=False)


def matrix_convention(world, document=False):
    from django.core.files.base import ContentFile

    from selfregulation.models import Convention

    convention = Convention.objects.create(title="新疆地区车险自律约定", line="auto", version="2023版")
    if document:
        convention.document.save("约定.pdf", ContentFile(b"%PDF-1.4 convention"))
    return convention
