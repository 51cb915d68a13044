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
