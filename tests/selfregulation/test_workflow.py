import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus
from association.models import Notice, Notification, Obligation
from selfregulation.models import Finding, InspectionTarget, RecheckResult
from selfregulation.selectors import finding_list
from selfregulation.services.discipline import circular_generate, circular_issue, measure_decide
from selfregulation.services.findings import (
    recheck_create,
    recheck_verdict,
    rectification_review,
    rectification_submit,
)
from selfregulation.services.inspections import (
    inspection_transition,
    results_record,
    self_inspection_submit,
    team_member_add,
)
from tests.factories import OrganisationFactory
from tests.selfregulation.helpers import borrowed_inspector, make_finding, make_inspection, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _score_all(target, actor, score="10"):
    items = target.inspection.checklist.items.all()
    return results_record(target=target, actor=actor, scores={i.pk: (score, "") for i in items})


def test_inspection_lifecycle_with_scores(world):
    staff = world.users["staff"]
    inspection = make_inspection(world, orgs=[world.org_a_branch, world.org_b])
    inspection_transition(inspection=inspection, actor=staff, to="in_progress")
    with pytest.raises(ValidationError):  # nobody scored yet
        inspection_transition(inspection=inspection, actor=staff, to="report_issued")
    for target in inspection.targets.all():
        _score_all(target, staff, "8")
    target = inspection.targets.get(organisation=world.org_b)
    assert target.total_score == Decimal("8") * inspection.checklist.items.count()
    inspection = inspection_transition(inspection=inspection, actor=staff, to="report_issued")
    assert inspection.report_issued_at is not None
    with pytest.raises(PermissionDenied):  # no more results once the report is out
        _score_all(target, staff)
    inspection = inspection_transition(inspection=inspection, actor=staff, to="closed")
    with pytest.raises(ValidationError):
        inspection_transition(inspection=inspection, actor=staff, to="in_progress")


@pytest.mark.usefixtures("english")
def test_score_above_item_maximum_is_refused(world):
    staff = world.users["staff"]
    target = make_inspection(world).targets.get()
    item = target.inspection.checklist.items.first()
    with pytest.raises(ValidationError, match="above the item's maximum"):
        results_record(target=target, actor=staff, scores={item.pk: ("10.5", "")})
    with pytest.raises(ValidationError, match="number"):
        results_record(target=target, actor=staff, scores={item.pk: ("abc", "")})
    assert not target.results.exists()


@pytest.mark.usefixtures("english")
def test_borrowed_inspector_never_inspects_own_company(world):
    staff = world.users["staff"]
    inspection = make_inspection(world, orgs=[world.org_a_branch])
    # employed by A's provincial office: A's branch is the same company
    lent_from_a = borrowed_inspector(world.org_a, "lent_a")
    with pytest.raises(ValidationError, match="may not inspect their own company"):
        team_member_add(inspection=inspection, user=lent_from_a, actor=staff)
    assert not inspection.team.filter(user=lent_from_a).exists()
    lent_from_b = borrowed_inspector(world.org_b, "lent_b")
    member = team_member_add(inspection=inspection, user=lent_from_b, actor=staff)
    assert member.home_organisation == world.org_b
    # the borrowed inspector sees the inspection and its findings and records results; A's users do not record
    assert inspection in type(inspection).objects.visible_to(lent_from_b)
    finding = make_finding(world, inspection, rectify=False)
    assert list(Finding.objects.visible_to(lent_from_b)) == [finding]
    assert not Finding.objects.visible_to(world.users["member_b"]).exists()
    target = inspection.targets.get()
    _score_all(target, lent_from_b)
    with pytest.raises(PermissionDenied):
        _score_all(target, world.users["member_a_manager"])
    team_member_add(inspection=inspection, user=world.users["staff"], role="lead", actor=staff)
    with pytest.raises(PermissionDenied):
        team_member_add(inspection=inspection, user=lent_from_a, actor=world.users["member_b"])


def test_self_inspection_is_an_obligation_filled_in_the_portal(world):
    member = world.users["member_a_reporter"]
    inspection = make_inspection(world, kind="self")
    target = inspection.targets.get()
    assert target.obligation.kind == ObligationKind.SELF_INSPECTION
    assert target.obligation.organisation == world.org_a_branch
    items = list(inspection.checklist.items.all())
    with pytest.raises(ValidationError):  # every item must be scored
        self_inspection_submit(target=target, actor=member, scores={items[0].pk: ("5", "")})
    with pytest.raises(PermissionDenied):
        self_inspection_submit(target=target, actor=world.users["member_b"], scores={})
    self_inspection_submit(target=target, actor=member, scores={i.pk: ("9", "良好") for i in items})
    target.refresh_from_db()
    assert target.total_score == Decimal("9") * len(items)
    obligation = Obligation.objects.get(pk=target.obligation_id)
    assert obligation.status == ObligationStatus.SUBMITTED
    with pytest.raises(PermissionDenied):  # submitted: the member can no longer change the scores
        _score_all(target, member)


def test_finding_rectification_accept_and_return(world):
    staff, member = world.users["staff"], world.users["member_a_manager"]
    finding = make_finding(world, files=[pdf_file("现场照片.pdf")])
    assert finding.evidence.count() == 1
    rect = finding.rectification
    assert rect.obligation.kind == ObligationKind.RECTIFICATION_REPORT
    assert rect.obligation.organisation == world.org_a_branch
    assert rect.obligation.subject == finding
    with pytest.raises(PermissionDenied):
        rectification_submit(rectification=rect, actor=world.users["member_b"], text="x")
    rectification_submit(rectification=rect, actor=member, text="已完成整改", files=[pdf_file()])
    with pytest.raises(ValidationError):  # a comment is required to return
        rectification_review(rectification=rect, actor=staff, accept=False)
    rectification_review(rectification=rect, actor=staff, accept=False, comment="缺少整改台账")
    rect.obligation.refresh_from_db()
    assert rect.obligation.status == ObligationStatus.RETURNED
    rectification_submit(rectification=rect, actor=member, text="补充整改台账")
    with pytest.raises(PermissionDenied):
        rectification_review(rectification=rect, actor=member, accept=True)
    rectification_review(rectification=rect, actor=staff, accept=True)
    rect.obligation.refresh_from_db()
    assert rect.obligation.status == ObligationStatus.ACCEPTED


def test_recheck_verdicts_and_repeat_findings(world):
    staff = world.users["staff"]
    first = make_inspection(world, orgs=[world.org_a_branch, world.org_b])
    f_a = make_finding(world, first, target=first.targets.get(organisation=world.org_a_branch))
    f_b = make_finding(world, first, target=first.targets.get(organisation=world.org_b), rectify=False)
    recheck = recheck_create(
        original=first,
        findings=[f_a],
        actor=staff,
        title="回头看",
        planned_start=dt.date(2026, 6, 1),
        planned_end=dt.date(2026, 6, 5),
    )
    assert recheck.kind == "recheck" and recheck.rechecks == first
    assert list(recheck.targets.values_list("organisation", flat=True)) == [world.org_a_branch.pk]
    result = RecheckResult.objects.get(inspection=recheck)
    inspection_transition(inspection=recheck, actor=staff, to="in_progress")
    with pytest.raises(ValidationError):  # a verdict is missing
        inspection_transition(inspection=recheck, actor=staff, to="report_issued")
    recheck_verdict(result=result, verdict="not_fixed", note="仍有超时投诉", actor=staff)
    inspection_transition(inspection=recheck, actor=staff, to="report_issued")
    with pytest.raises(ValidationError):  # a finding of another inspection
        recheck_create(
            original=recheck,
            findings=[f_b],
            actor=staff,
            title="x",
            planned_start=dt.date(2026, 7, 1),
            planned_end=dt.date(2026, 7, 1),
        )
    # the next year the same item fails again at A's branch: a repeat
    later = make_inspection(world, planned_start=dt.date(2027, 3, 1), planned_end=dt.date(2027, 3, 5))
    again = make_finding(world, later, found_on=dt.date(2027, 3, 3), rectify=False)
    repeats = {f.pk: f.repeat_count for f in finding_list(user=staff)}
    assert repeats == {f_a.pk: 0, f_b.pk: 0, again.pk: 1}
    from selfregulation.selectors import inspection_detail

    shown = inspection_detail(user=staff, whole=True).get(pk=later.pk).visible_findings
    assert [f.repeat_count for f in shown] == [1]


def test_measure_and_circular_to_all_members(world):
    staff = world.users["staff"]
    inspection = make_inspection(world)
    finding = make_finding(world, inspection)
    other = OrganisationFactory(name="丙寿险新疆分公司", kind="life_insurer")
    with pytest.raises(ValidationError):
        measure_decide(
            organisation=other, measure="warning", reason="x", decided_by="会长办公会", actor=staff, findings=[finding]
        )
    measure = measure_decide(
        organisation=world.org_a_branch,
        measure="industry_circular",
        reason="投诉处理严重超时",
        decided_by="协会自律委员会",
        actor=staff,
        findings=[finding],
        inspection=inspection,
    )
    assert list(measure.findings.all()) == [finding]
    circular = circular_generate(inspection=inspection, actor=staff, reference="新保协发〔2026〕12号")
    pdf = circular.document.read()
    assert pdf.startswith(b"%PDF") and b"STSong-Light" in pdf
    assert world.org_a_branch.name in circular.body
    notice = circular_issue(circular=circular, actor=staff)
    assert notice.kind == Notice.Kind.CIRCULAR and notice.document
    recipients = set(notice.recipients.values_list("pk", flat=True))
    assert {world.org_a.pk, world.org_a_branch.pk, world.org_b.pk, other.pk} <= recipients
    assert Notification.objects.filter(user=world.users["member_b"], title=circular.title).exists()
    with pytest.raises(ValidationError):
        circular_issue(circular=circular, actor=staff)


def test_circular_numbers_are_the_notices_sequence_and_never_typed_twice(world):
    """A circular left without a number takes the next of the notices' one sequence; a typed number already
    on a document is refused with a clear error (it used to fail with an IntegrityError at issue)."""
    from association.services.notices import format_notice_number, notice_number_prefix

    staff = world.users["staff"]
    inspection = make_inspection(world)
    make_finding(world, inspection)
    year = timezone.localdate().year
    first = circular_generate(inspection=inspection, actor=staff)
    assert first.reference == format_notice_number(notice_number_prefix(), year, 1)
    notice = circular_issue(circular=first, actor=staff)
    assert notice.reference == first.reference
    second = circular_generate(inspection=inspection, actor=staff)
    assert second.reference == format_notice_number(notice_number_prefix(), year, 2)
    with pytest.raises(ValidationError) as exc:
        circular_generate(inspection=inspection, actor=staff, reference=f" {first.reference} ")
    assert "reference" in exc.value.message_dict
    with pytest.raises(ValidationError):
        circular_generate(inspection=inspection, actor=staff, reference=second.reference)
    typed = circular_generate(inspection=inspection, actor=staff, reference="新保协发〔2025〕40号")
    assert typed.reference == "新保协发〔2025〕40号"


def test_finding_needs_item_of_the_checklist_and_future_deadline(world):
    staff = world.users["staff"]
    inspection = make_inspection(world)
    other_item = type(inspection.checklist).objects.get(code="intermediary-service-quality").items.first()
    target = inspection.targets.get()
    from selfregulation.services.findings import finding_create

    with pytest.raises(ValidationError):
        finding_create(target=target, item=other_item, description="x", severity="minor", actor=staff)
    with pytest.raises(ValidationError):
        finding_create(
            target=target,
            item=inspection.checklist.items.first(),
            description="x",
            severity="minor",
            actor=staff,
            rectify_by=timezone.now() - dt.timedelta(days=1),
        )
    assert not Finding.objects.exists()
    assert InspectionTarget.objects.count() == 1
