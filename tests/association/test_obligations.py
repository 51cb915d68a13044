"""Obligation services, notices, contacts-registry obligations and the obligations API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from association.choices import ObligationKind, ObligationStatus
from association.models import Attachment, Notice, NoticeReply, Obligation, Submission
from association.services.contact_obligations import contact_change_record, contacts_confirmation_create
from association.services.notices import notice_issue
from association.services.obligations import (
    obligation_accept,
    obligation_create,
    obligation_return,
    obligation_submit,
)
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
BEIJING = dt.timezone(dt.timedelta(hours=8))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make(world, org=None, **kw):
    return obligation_create(
        organisation=org or world.org_a,
        kind=kw.pop("kind", ObligationKind.NOTICE_REPLY),
        title=kw.pop("title", "书面报告"),
        due_at=kw.pop("due_at", dt.datetime(2030, 8, 9, 17, 30, tzinfo=BEIJING)),
        **kw,
    )


def test_dedupe_key_makes_creation_idempotent(world):
    a = make(world, dedupe_key="k1")
    b = make(world, dedupe_key="k1")
    assert a.pk == b.pk and Obligation.objects.count() == 1


def test_naive_due_time_is_refused(world):
    with pytest.raises(ValueError):
        make(world, due_at=dt.datetime(2030, 1, 1, 12, 0))


def test_submit_review_return_resubmit_accept_keeps_every_version(world, media):
    ob = make(world)
    reporter, staff = world.users["member_a_reporter"], world.users["staff"]
    pdf = SimpleUploadedFile("整改报告.pdf", PDF, content_type="application/pdf")
    s1 = obligation_submit(obligation=ob, actor=reporter, text="第一版", files=[pdf])
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.SUBMITTED and s1.version == 1
    assert s1.attachments.get().original_name == "整改报告.pdf"
    with pytest.raises(ValidationError):
        obligation_submit(obligation=ob, actor=reporter, text="抢先")  # waiting for review
    with pytest.raises(ValidationError):
        obligation_return(obligation=ob, actor=staff, comment="  ")  # a reason is required
    obligation_return(obligation=ob, actor=staff, comment="请补充整改时限")
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.RETURNED and ob.submitted_at is None
    s2 = obligation_submit(obligation=ob, actor=reporter, text="第二版")
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.RESUBMITTED and s2.version == 2
    obligation_accept(obligation=ob, actor=staff)
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.ACCEPTED
    assert list(ob.submissions.values_list("version", "outcome")) == [(1, "returned"), (2, "accepted")]
    with pytest.raises(ValidationError, match="already been accepted"):
        obligation_submit(obligation=ob, actor=reporter, text="再交")


def test_only_own_organisation_may_submit_and_only_staff_review(world):
    ob = make(world)
    with pytest.raises(PermissionDenied):
        obligation_submit(obligation=ob, actor=world.users["member_b"], text="x")
    with pytest.raises(PermissionDenied):
        obligation_submit(obligation=ob, actor=world.users["regulator_province"], text="x")
    branch_ob = make(world, org=world.org_a_branch)
    obligation_submit(obligation=branch_ob, actor=world.users["member_a_reporter"], text="分公司代报")
    with pytest.raises(PermissionDenied):
        obligation_accept(obligation=branch_ob, actor=world.users["member_a_manager"])


def test_disguised_file_stores_nothing(world, media):
    ob = make(world)
    exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError):
        obligation_submit(obligation=ob, actor=world.users["member_a_reporter"], text="x", files=[exe])
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.OPEN


def test_oversize_file_stores_nothing(world, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    ob = make(world)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 200)
    with pytest.raises(ValidationError, match="the limit is"):
        obligation_submit(obligation=ob, actor=world.users["member_a_reporter"], files=[big])
    assert not Submission.objects.exists()


def test_empty_submission_is_refused(world):
    with pytest.raises(ValidationError):
        obligation_submit(obligation=make(world), actor=world.users["member_a_reporter"], text="  ")


def test_notice_like_seed_003_creates_two_obligations_per_recipient(world):
    notice = Notice.objects.create(title="关于加强安全生产责任保险运营工作的通知", body="请于8月9日、16日前书面报告")
    notice.recipients.set([world.org_a, world.org_b])
    NoticeReply.objects.create(
        notice=notice, title="问题整改情况", due_at=dt.datetime(2030, 8, 9, 17, 0, tzinfo=BEIJING)
    )
    NoticeReply.objects.create(
        notice=notice, title="续保情况报告", due_at=dt.datetime(2030, 8, 16, 17, 0, tzinfo=BEIJING)
    )
    assert notice_issue(notice=notice, actor=world.users["staff"]) == 4
    a = Obligation.objects.filter(organisation=world.org_a).order_by("due_at")
    assert [o.due_at.day for o in a] == [9, 16]
    assert a[0].subject == notice
    assert world.users["member_a_reporter"].notifications.filter(title=notice.title).exists()
    with pytest.raises(ValidationError):
        notice_issue(notice=notice, actor=world.users["staff"])  # only once


def test_contacts_confirmation_is_due_end_of_february_and_idempotent(world):
    assert contacts_confirmation_create(year=2028) == 2  # A (for itself and its branch) and B: one per company
    assert contacts_confirmation_create(year=2028) == 0
    due = Obligation.objects.filter(kind=ObligationKind.CONTACTS_CONFIRMATION).first().due_at.astimezone(BEIJING)
    assert (due.month, due.day) == (2, 29)


@pytest.mark.parametrize(("reported", "late"), [(dt.date(2026, 11, 27), False), (dt.date(2026, 11, 30), True)])
def test_contact_change_late_report_counts_as_late(world, reported, late):
    # took effect Friday 2026-11-20; 5 working days later is Friday 2026-11-27
    reported_at = dt.datetime.combine(reported, dt.time(10, 0), tzinfo=BEIJING)
    ob = contact_change_record(
        contact=world.contact_a,
        effective_from=dt.date(2026, 11, 20),
        actor=world.users["member_a_manager"],
        reported_at=reported_at,
    )
    assert ob.status == ObligationStatus.ACCEPTED
    assert ob.submitted_on_time is (not late)


# --- API -----------------------------------------------------------------------------------


def test_api_lists_only_scoped_obligations_with_filters(world, client):
    a, b = make(world), make(world, org=world.org_b)
    overdue = make(world, due_at=dt.datetime(2020, 1, 1, tzinfo=BEIJING))
    c = client_for(client, world.users["member_a_reporter"])
    data = c.get("/api/v1/obligations/").json()
    assert {o["id"] for o in data["results"]} == {a.pk, overdue.pk}
    data = c.get("/api/v1/obligations/", {"overdue": "true"}).json()
    assert [o["id"] for o in data["results"]] == [overdue.pk]
    assert data["results"][0]["is_overdue"] is True and data["results"][0]["status"] == "open"
    assert c.get(f"/api/v1/obligations/{b.pk}/").status_code == 404
    assert c.get("/api/v1/obligations/", {"status": "nonsense"}).status_code == 400


def test_api_submission_json_and_multipart(world, client, media):
    ob = make(world)
    c = client_for(client, world.users["member_a_reporter"])
    r = c.post(
        f"/api/v1/obligations/{ob.pk}/submissions/",
        {"text": "报告", "data": {"policies": 3}},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["version"] == 1
    obligation_return(obligation=ob, actor=world.users["staff"], comment="补充附件")
    f = SimpleUploadedFile("附件.pdf", PDF, content_type="application/pdf")
    r = c.post(f"/api/v1/obligations/{ob.pk}/submissions/", {"text": "附件", "files": [f]})
    assert r.status_code == 201, r.content
    assert r.json()["attachments"][0]["original_name"] == "附件.pdf"
    history = c.get(f"/api/v1/obligations/{ob.pk}/submissions/").json()
    assert [s["version"] for s in history] == [1, 2]


@pytest.mark.parametrize(
    ("who", "status"), [("member_b", 404), ("regulator_y", 404), ("regulator_x", 403), ("mediator", 404)]
)
def test_api_submit_to_foreign_obligation(world, client, who, status):
    ob = make(world, org=world.org_a_branch)
    c = client_for(client, world.users[who])
    r = c.post(f"/api/v1/obligations/{ob.pk}/submissions/", {"text": "x"}, content_type="application/json")
    assert r.status_code == status
    assert not Submission.objects.exists()


def test_api_submit_to_accepted_is_a_clear_400(world, client):
    ob = make(world)
    obligation_submit(obligation=ob, actor=world.users["member_a_reporter"], text="x")
    obligation_accept(obligation=ob, actor=world.users["staff"])
    c = client_for(client, world.users["member_a_reporter"])
    r = c.post(
        f"/api/v1/obligations/{ob.pk}/submissions/",
        {"text": "y"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 400 and "already been accepted" in str(r.json())


def test_api_disguised_file_is_400_and_nothing_stored(world, client, media):
    ob = make(world)
    c = client_for(client, world.users["member_a_reporter"])
    exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    r = c.post(f"/api/v1/obligations/{ob.pk}/submissions/", {"text": "x", "files": [exe]})
    assert r.status_code == 400
    assert not Submission.objects.exists() and not any(p.is_file() for p in media.rglob("*"))


def test_changing_a_contact_in_the_portal_records_the_report_timeliness(world, client):
    c = client_for(client, world.users["member_a_manager"])
    url = f"/organisations/{world.org_a.pk}/contacts/{world.contact_a.duty}/{world.contact_a.slot}/"
    response = c.post(
        url, {"name": "新联系人", "phone": "13800002222", "email": "new@example.org", "effective_from": "2020-01-06"}
    )
    assert response.status_code == 302
    ob = Obligation.objects.get(kind=ObligationKind.CONTACTS_CHANGE, organisation=world.org_a)
    assert ob.status == ObligationStatus.ACCEPTED and ob.submitted_on_time is False  # reported years late
    assert ob.subject == world.contact_a


def test_notice_emails_go_one_per_person(world, django_capture_on_commit_callbacks):
    from association.models import OutboundEmail

    for key in ("member_a_manager", "member_b"):
        world.users[key].email = f"{key}@example.org"
        world.users[key].save()
    notice = Notice.objects.create(title="倡议书", body="请积极参与。")
    notice.recipients.set([world.org_a, world.org_b])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice_issue(notice=notice, actor=world.users["staff"])
    assert sorted(e.to for e in OutboundEmail.objects.all()) == [
        ["member_a_manager@example.org"],
        ["member_b@example.org"],
    ]
    assert len(callbacks) == 1  # delivery is queued after commit
