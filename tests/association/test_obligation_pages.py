"""Portal pages for obligations: inbox, detail (submit, accept, return), attachments, compliance
(and its xlsx), notifications and notices; scope for every role, bad input, query counts.

Assertions are on ids, URLs and numbers; texts are asserted in English (HTTP_ACCEPT_LANGUAGE="en").
"""

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from association.choices import ObligationKind, ObligationStatus, ReviewOutcome
from association.models import Attachment, Notice, NoticeReply, Notification, Obligation, Submission
from association.services.notices import notice_issue
from association.services.obligations import (
    obligation_accept,
    obligation_cancel,
    obligation_create,
    obligation_submit,
)
from association.views.obligations import _compliance_headers, time_left_text
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def make(org, *, days=3.0, kind=ObligationKind.DATA_RETURN, title="月度数据报送", **kwargs):
    return obligation_create(
        organisation=org, kind=kind, title=title, due_at=timezone.now() + dt.timedelta(days=days), **kwargs
    )


def pdf(name="情况说明.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def as_user(client, world, role):
    return client_for(client, world.users[role])


def row_ids(html: str) -> set[int]:
    return {int(x) for x in re.findall(r'<tr id="obligation-(\d+)"', html)}


# --- anonymous ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_everywhere(world, client):
    ob = make(world.org_a)
    for url in [
        "/inbox/",
        f"/obligations/{ob.pk}/",
        "/attachments/1/",
        "/compliance/",
        "/notifications/",
        "/notifications/1/open/",
        "/notices/",
        "/notices/1/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    response = client.post(f"/obligations/{ob.pk}/", {"action": "submit", "text": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Submission.objects.exists()


# --- inbox -------------------------------------------------------------------------------------


@pytest.fixture
def three(world):
    """One obligation each for A (head office, Urumqi), A's branch (region X) and B (region X)."""
    return {
        "a": make(world.org_a, days=5, title="甲总公司报送"),
        "branch": make(world.org_a_branch, days=1, kind=ObligationKind.RECTIFICATION_REPORT, title="甲支公司整改"),
        "b": make(world.org_b, days=2, title="乙报送"),
    }


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("member_a_manager", {"a", "branch"}),
        ("member_a_reporter", {"a", "branch"}),
        ("member_b", {"b"}),
        ("regulator_x", {"branch", "b"}),
        ("regulator_y", set()),
        ("regulator_province", {"a", "branch", "b"}),
        ("staff", {"a", "branch", "b"}),
    ],
)
def test_inbox_shows_what_the_role_may_see(world, client, three, role, sees):
    response = as_user(client, world, role).get("/inbox/")
    assert response.status_code == 200
    assert row_ids(response.content.decode()) == {three[k].pk for k in sees}


def test_inbox_is_sorted_by_due_time_and_filters_by_kind_status_and_organisation(world, client, three):
    c = as_user(client, world, "staff")
    html = c.get("/inbox/").content.decode()
    order = [int(x) for x in re.findall(r'<tr id="obligation-(\d+)"', html)]
    assert order == [three["branch"].pk, three["b"].pk, three["a"].pk]  # next due first

    html = c.get("/inbox/", {"kind": ObligationKind.RECTIFICATION_REPORT}).content.decode()
    assert row_ids(html) == {three["branch"].pk}
    html = c.get("/inbox/", {"organisation": world.org_b.pk}).content.decode()
    assert row_ids(html) == {three["b"].pk}
    assert c.get("/inbox/", {"kind": "nonsense", "organisation": "x", "status": "y"}).status_code == 200

    obligation_submit(obligation=three["a"], actor=world.users["member_a_manager"], text="已报送")
    obligation_accept(obligation=three["a"], actor=world.users["staff"])
    assert three["a"].pk not in row_ids(c.get("/inbox/").content.decode())  # done: not in the to-do list
    html = c.get("/inbox/", {"status": ObligationStatus.ACCEPTED}).content.decode()
    assert row_ids(html) == {three["a"].pk}  # the history


def test_staff_gets_an_organisation_filter_and_a_member_of_one_company_does_not(world, client, three):
    staff_html = as_user(client, world, "staff").get("/inbox/").content.decode()
    assert 'name="organisation"' in staff_html and world.org_b.name in staff_html
    member_b_html = as_user(client, world, "member_b").get("/inbox/").content.decode()
    assert 'name="organisation"' not in member_b_html


def test_inbox_marks_overdue_rows_red_with_a_live_countdown(world, client):
    late = make(world.org_a, days=-1.5, title="已逾期")
    soon = make(world.org_a, days=2, title="未到期")
    response = as_user(client, world, "member_a_manager").get("/inbox/", **EN)
    html = response.content.decode()
    late_row = re.search(rf'<tr id="obligation-{late.pk}"[^>]*>.*?</tr>', html, re.S).group(0)
    soon_row = re.search(rf'<tr id="obligation-{soon.pk}"[^>]*>.*?</tr>', html, re.S).group(0)
    assert 'class="table-danger"' in late_row and "data-countdown-row" in late_row
    assert 'class="table-danger"' not in soon_row
    assert re.search(r'data-due="[0-9T:\-]+\+08:00"', late_row)
    assert "overdue by 1 day" in late_row and "text-danger" in late_row
    assert "2 days" in soon_row or "1 day" in soon_row
    assert "js/countdown.js" in html and 'id="countdown-labels"' in html
    assert f'href="/obligations/{soon.pk}/#submit"' in soon_row  # a member may submit


def test_countdowns_stop_showing_seconds_beyond_an_hour_and_minutes_beyond_a_day(world, client):
    """Issue 15, point 8: "还剩 3 天 4 小时", under a day "还剩 5 小时 12 分" (the page and countdown.js)."""
    days = make(world.org_a, days=3 + 4.5 / 24, title="三天后")
    hours = make(world.org_a, days=(5 * 60 + 12.5) / 1440, title="五小时后")
    response = as_user(client, world, "member_a_manager").get("/inbox/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    row = lambda ob: re.search(rf'<tr id="obligation-{ob.pk}"[^>]*>.*?</tr>', html, re.S).group(0)  # noqa: E731
    assert "还剩 3 天 4 小时<" in row(days)
    assert "还剩 5 小时 12 分<" in row(hours)
    assert '"hours": "%(n)s \\u5c0f\\u65f6"' in html  # the words countdown.js uses (小时, JSON-escaped)


def test_inbox_is_read_only_for_regulators(world, client, three):
    html = as_user(client, world, "regulator_x").get("/inbox/").content.decode()
    assert three["branch"].pk in row_ids(html)
    assert "#submit" not in html
    assert 'id="inbox-read-only"' in html


def test_time_left_text_matches_the_javascript_format(english):
    now = timezone.now()
    assert time_left_text(now + dt.timedelta(days=2, hours=3, minutes=4, seconds=5), now) == "2 days 3 hours left"
    assert time_left_text(now + dt.timedelta(hours=1), now) == "1 hour left"
    assert time_left_text(now - dt.timedelta(days=1, seconds=61), now) == "overdue by 1 day"


@pytest.mark.parametrize("role", ["member_a_manager", "staff", "regulator_x"])
def test_inbox_query_count_does_not_grow_with_rows(world, client, role):
    c = as_user(client, world, role)
    make(world.org_a_branch)
    c.get("/inbox/")  # warm-up (session, content types)
    with CaptureQueriesContext(connection) as one:
        assert c.get("/inbox/").status_code == 200
    kinds = list(ObligationKind.values)
    for i in range(29):
        ob = make(world.org_a_branch if i % 2 else world.org_a, days=i - 10, kind=kinds[i % len(kinds)])
        if i % 3 == 0:
            # every kind, the contacts confirmation too (its page's service submits it through_subject)
            obligation_submit(obligation=ob, actor=world.users["member_a_manager"], text="ok", through_subject=True)
    with CaptureQueriesContext(connection) as thirty:
        response = c.get("/inbox/")
    assert response.status_code == 200
    expected_rows = 30 if role != "regulator_x" else 15  # regulator X sees only the branch
    assert len(row_ids(response.content.decode())) == expected_rows
    assert len(thirty) == len(one), [q["sql"] for q in thirty.captured_queries]


# --- detail: scope -----------------------------------------------------------------------------


def submitted_with_attachment(world):
    ob = make(world.org_a_branch)
    obligation_submit(obligation=ob, actor=world.users["member_a_manager"], text="见附件", files=[pdf()])
    return ob, Attachment.objects.get(submission__obligation=ob)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 200),
        ("mediator", 404),  # mediators work on cases, not on what members owe
        ("member_a_manager", 200),
        ("member_a_reporter", 200),
        ("regulator_x", 200),
        ("regulator_province", 200),
        ("member_b", 404),
        ("regulator_y", 404),
    ],
)
def test_detail_and_attachment_scope(world, client, role, status):
    ob, attachment = submitted_with_attachment(world)
    c = as_user(client, world, role)
    assert c.get(f"/obligations/{ob.pk}/").status_code == status
    assert c.get(f"/attachments/{attachment.pk}/").status_code == status


def test_member_b_gets_404_when_submitting_to_a_and_nothing_is_stored(world, client, media):
    ob = make(world.org_a_branch)
    c = as_user(client, world, "member_b")
    response = c.post(f"/obligations/{ob.pk}/", {"action": "submit", "text": "不是我的", "files": [pdf()]})
    assert response.status_code == 404
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media) == []
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.OPEN


@pytest.mark.parametrize("role", ["regulator_x", "regulator_province"])
def test_read_only_roles_see_no_forms_and_cannot_post(world, client, role):
    ob = make(world.org_a_branch)
    c = as_user(client, world, role)
    html = c.get(f"/obligations/{ob.pk}/").content.decode()
    assert 'id="submit-form"' not in html and 'id="accept-form"' not in html
    assert c.post(f"/obligations/{ob.pk}/", {"action": "submit", "text": "x"}).status_code == 403
    assert not Submission.objects.exists()


def test_detail_shows_the_subject_and_description(world, client):
    notice = Notice.objects.create(title="关于开展自查的通知", body="请各单位开展自查。")
    ob = make(world.org_a, description="第一行\n第二行", subject=notice)
    html = as_user(client, world, "member_a_reporter").get(f"/obligations/{ob.pk}/").content.decode()
    assert "第一行<br>第二行" in html
    assert f'href="/notices/{notice.pk}/">关于开展自查的通知</a>' in html
    assert 'id="no-submissions"' in html and 'id="submit-form"' in html


# --- detail: submit ----------------------------------------------------------------------------


def test_submitting_text_and_a_pdf_stores_a_version(world, client, media):
    ob = make(world.org_a_branch)
    c = as_user(client, world, "member_a_reporter")
    response = c.post(
        f"/obligations/{ob.pk}/",
        {"action": "submit", "text": "本月数据已报送。", "files": [pdf(), pdf("附件二.pdf")]},
    )
    assert response.status_code == 302 and response["Location"] == f"/obligations/{ob.pk}/"
    submission = Submission.objects.get(obligation=ob)
    assert submission.version == 1 and submission.text == "本月数据已报送。"
    assert submission.submitted_by == world.users["member_a_reporter"]
    assert sorted(a.original_name for a in submission.attachments.all()) == ["情况说明.pdf", "附件二.pdf"]
    assert len(stored_files(media)) == 2
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.SUBMITTED and ob.submitted_at is not None

    html = c.get(f"/obligations/{ob.pk}/").content.decode()
    assert 'id="submission-v1"' in html and "本月数据已报送。" in html
    attachment = submission.attachments.get(original_name="情况说明.pdf")
    assert f'href="/attachments/{attachment.pk}/"' in html
    assert 'id="submit-form"' not in html  # waiting for review: nothing more to submit

    download = c.get(f"/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E6%83%85%E5%86%B5%E8%AF%B4%E6%98%8E.pdf" in disposition


def test_submitting_to_an_accepted_obligation_shows_a_clear_error_and_stores_nothing(world, client, media):
    ob = make(world.org_a)
    obligation_submit(obligation=ob, actor=world.users["member_a_manager"], text="第一版")
    obligation_accept(obligation=ob, actor=world.users["staff"])
    c = as_user(client, world, "member_a_manager")
    assert 'id="submit-form"' not in c.get(f"/obligations/{ob.pk}/").content.decode()

    response = c.post(f"/obligations/{ob.pk}/", {"action": "submit", "text": "再交一次", "files": [pdf()]}, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="submit-errors"' in html
    assert "already been accepted; nothing more can be submitted" in html
    assert Submission.objects.filter(obligation=ob).count() == 1
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_an_exe_renamed_pdf_is_rejected_and_nothing_is_stored(world, client, media):
    ob = make(world.org_a)
    c = as_user(client, world, "member_a_manager")
    response = c.post(
        f"/obligations/{ob.pk}/",
        {"action": "submit", "text": "附件", "files": [pdf(), SimpleUploadedFile("报告.pdf", EXE)]},
        **EN,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "报告.pdf is not a PDF, Word (.docx), Excel (.xlsx), JPEG or PNG file" in html
    assert Submission.objects.count() == 0 and Attachment.objects.count() == 0
    assert stored_files(media) == []
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.OPEN


def test_an_oversize_file_is_rejected_and_nothing_is_stored(world, client, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    ob = make(world.org_a)
    big = PDF + b"%" + b"x" * 2000 + b"\n"
    response = as_user(client, world, "member_a_manager").post(
        f"/obligations/{ob.pk}/", {"action": "submit", "files": [pdf("大文件.pdf", big)]}, **EN
    )
    assert response.status_code == 200
    assert "大文件.pdf is 2.1 KB; the limit is 1,000 bytes" in response.content.decode()
    assert Submission.objects.count() == 0 and stored_files(media) == []


def test_an_empty_submission_is_refused(world, client):
    ob = make(world.org_a)
    response = as_user(client, world, "member_a_manager").post(
        f"/obligations/{ob.pk}/", {"action": "submit", "text": "   "}, **EN
    )
    assert response.status_code == 200
    assert "A submission needs a text, data or at least one attachment." in response.content.decode()
    assert not Submission.objects.exists()


def test_too_many_files_are_refused(world, client):
    ob = make(world.org_a)
    files = [pdf(f"附件{i}.pdf") for i in range(11)]
    response = as_user(client, world, "member_a_manager").post(
        f"/obligations/{ob.pk}/", {"action": "submit", "files": files}, **EN
    )
    assert "Attach at most 10 files." in response.content.decode()
    assert not Submission.objects.exists()


def test_an_unknown_action_is_a_bad_request(world, client):
    ob = make(world.org_a)
    assert as_user(client, world, "staff").post(f"/obligations/{ob.pk}/", {"action": "x"}).status_code == 400


# --- detail: review ----------------------------------------------------------------------------


def test_staff_accepts_with_a_comment(world, client):
    ob = make(world.org_a)
    obligation_submit(obligation=ob, actor=world.users["member_a_manager"], text="报送")
    c = as_user(client, world, "staff")
    html = c.get(f"/obligations/{ob.pk}/").content.decode()
    assert 'id="accept-form"' in html and 'id="return-form"' in html
    response = c.post(f"/obligations/{ob.pk}/", {"action": "accept", "accept-comment": "材料齐全"})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.ACCEPTED and ob.accepted_at is not None
    submission = ob.submissions.get()
    assert submission.outcome == ReviewOutcome.ACCEPTED and submission.review_comment == "材料齐全"
    assert submission.reviewed_by == world.users["staff"]
    html = c.get(f"/obligations/{ob.pk}/").content.decode()
    assert 'id="accept-form"' not in html and "材料齐全" in html


def test_members_cannot_review(world, client):
    ob = make(world.org_a)
    obligation_submit(obligation=ob, actor=world.users["member_a_manager"], text="报送")
    c = as_user(client, world, "member_a_manager")
    assert 'id="accept-form"' not in c.get(f"/obligations/{ob.pk}/").content.decode()
    assert c.post(f"/obligations/{ob.pk}/", {"action": "accept"}).status_code == 403
    assert c.post(f"/obligations/{ob.pk}/", {"action": "return", "return-comment": "x"}).status_code == 403
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.SUBMITTED


def test_returning_needs_a_comment(world, client):
    ob = make(world.org_a)
    obligation_submit(obligation=ob, actor=world.users["member_a_manager"], text="报送")
    c = as_user(client, world, "staff")
    response = c.post(f"/obligations/{ob.pk}/", {"action": "return", "return-comment": "  "}, **EN)
    assert response.status_code == 200
    assert "Say what has to be corrected." in response.content.decode()
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.SUBMITTED


def test_a_new_due_time_in_the_past_is_refused(world, client):
    ob = make(world.org_a)
    obligation_submit(obligation=ob, actor=world.users["member_a_manager"], text="报送")
    response = as_user(client, world, "staff").post(
        f"/obligations/{ob.pk}/",
        {"action": "return", "return-comment": "补充", "return-new_due_at": "2020-01-01T10:00"},
        **EN,
    )
    assert "The new due time must be in the future." in response.content.decode()
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.SUBMITTED


def test_return_then_resubmit_keeps_both_versions(world, client, media):
    ob = make(world.org_a_branch)
    member = as_user(client, world, "member_a_manager")
    member.post(f"/obligations/{ob.pk}/", {"action": "submit", "text": "第一版", "files": [pdf()]})

    new_due = (timezone.localtime() + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    staff = as_user(client, world, "staff")
    response = staff.post(
        f"/obligations/{ob.pk}/",
        {"action": "return", "return-comment": "缺少盖章页", "return-new_due_at": new_due.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.RETURNED and ob.due_at == new_due

    member = as_user(client, world, "member_a_manager")
    html = member.get(f"/obligations/{ob.pk}/").content.decode()
    assert 'id="submit-form"' in html and "缺少盖章页" in html
    response = member.post(f"/obligations/{ob.pk}/", {"action": "submit", "text": "第二版（已补盖章页）"})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.RESUBMITTED
    versions = list(ob.submissions.order_by("version").values_list("version", "outcome", "text"))
    assert versions == [(1, "returned", "第一版"), (2, "pending", "第二版（已补盖章页）")]

    html = member.get(f"/obligations/{ob.pk}/").content.decode()
    assert 'id="submission-v1"' in html and 'id="submission-v2"' in html
    assert html.index('id="submission-v2"') < html.index('id="submission-v1"')  # newest first
    assert "第一版" in html and "缺少盖章页" in html and html.count('href="/attachments/') == 1


# --- compliance --------------------------------------------------------------------------------


@pytest.fixture
def compliance_set(world):
    """A: 2 on time (one accepted), 1 late, 1 overdue, 1 not yet due, 1 cancelled, 1 outside the period.
    A's branch: 1 overdue. B: 1 on time."""
    member, staff = world.users["member_a_manager"], world.users["staff"]
    on_time = [make(world.org_a, days=2), make(world.org_a, days=3)]
    for ob in on_time:
        obligation_submit(obligation=ob, actor=member, text="ok")
    obligation_accept(obligation=on_time[0], actor=staff)
    late = make(world.org_a, days=-2)
    obligation_submit(obligation=late, actor=member, text="迟交")
    make(world.org_a, days=-1)  # overdue
    make(world.org_a, days=4)  # not yet due
    obligation_cancel(obligation=make(world.org_a, days=1), actor=staff)
    make(world.org_a, days=40)  # outside the period
    make(world.org_a_branch, days=-3)  # overdue
    b = make(world.org_b, days=1)
    obligation_submit(obligation=b, actor=world.users["member_b"], text="ok")
    today = timezone.localdate()
    return {
        "date_from": (today - dt.timedelta(days=10)).isoformat(),
        "date_to": (today + dt.timedelta(days=10)).isoformat(),
    }


def table_rows(html):
    rows = {}
    for org_id, body in re.findall(r'<tr data-organisation="(\d+)">(.*?)</tr>', html, re.S):
        cells = dict(re.findall(r'data-col="(\w+)">(?:<span[^>]*>)?([^<]*)', body))
        rows[int(org_id)] = cells
    return rows


def test_compliance_table_numbers(world, client, compliance_set):
    response = as_user(client, world, "staff").get("/compliance/", compliance_set)
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    assert rows[world.org_a.pk] == {
        "due": "5",
        "on_time": "2",
        "late": "1",
        "overdue": "1",
        "pending": "1",
        "rate": "50.0%",
    }
    assert rows[world.org_a_branch.pk] == {
        "due": "1",
        "on_time": "0",
        "late": "0",
        "overdue": "1",
        "pending": "0",
        "rate": "0.0%",
    }
    assert rows[world.org_b.pk]["on_time"] == "1" and rows[world.org_b.pk]["rate"] == "100.0%"
    assert set(rows) == {world.org_a.pk, world.org_a_branch.pk, world.org_b.pk}


def test_compliance_xlsx_has_the_same_numbers(world, client, compliance_set):
    response = as_user(client, world, "staff").get("/compliance/", {**compliance_set, "format": "xlsx"}, **EN)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == (
        f'attachment; filename="compliance-{compliance_set["date_from"]}_{compliance_set["date_to"]}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Compliance"  # the title row, then what it covers
    assert "Period:" in rows[1][0] and "the whole province" in rows[1][0] and "Generated at" in rows[1][0]
    assert rows[2] == (
        "Organisation",
        "Region",
        "Due in the period",
        "On time",
        "Late",
        "Overdue",
        "Not yet due",
        "On-time rate",
    )
    by_name = {r[0]: r[1:] for r in rows[3:]}
    assert by_name[world.org_a.name] == ("乌鲁木齐市", 5, 2, 1, 1, 1, 0.5)
    assert by_name[world.org_a_branch.name] == ("伊犁哈萨克自治州", 1, 0, 0, 1, 0, 0)
    assert by_name[world.org_b.name] == ("伊犁哈萨克自治州", 1, 1, 0, 0, 0, 1)
    assert by_name["Total"] == (None, 7, 3, 1, 2, 1, 0.5)  # the totals row: 3 on time of 6 decided
    assert sheet["H4"].number_format == "0.0%" and sheet["C4"].number_format == "#,##0"
    assert isinstance(sheet["C4"].value, int)


def test_compliance_xlsx_headers_follow_the_language(world, client, compliance_set):
    response = as_user(client, world, "staff").get(
        "/compliance/", {**compliance_set, "format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    headers = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[2]
    with translation.override("zh-hans"):
        assert list(headers) == [str(h) for h in _compliance_headers()]


@pytest.mark.parametrize(
    ("role", "orgs"),
    [
        ("regulator_x", {"org_a_branch", "org_b"}),
        ("regulator_province", {"org_a", "org_a_branch", "org_b"}),
        ("regulator_y", set()),
    ],
)
def test_compliance_for_regulators_covers_their_region(world, client, compliance_set, role, orgs):
    response = as_user(client, world, role).get("/compliance/", compliance_set)
    assert response.status_code == 200
    assert set(table_rows(response.content.decode())) == {getattr(world, o).pk for o in orgs}


@pytest.mark.parametrize("role", ["member_a_manager", "member_b", "mediator"])
def test_compliance_is_not_for_members_or_mediators(world, client, role):
    c = as_user(client, world, role)
    assert c.get("/compliance/").status_code == 404
    assert c.get("/compliance/", {"format": "xlsx"}).status_code == 404


def test_compliance_defaults_to_the_current_month(world, client):
    today = timezone.localdate()
    make(world.org_a, days=0.01)
    response = as_user(client, world, "staff").get("/compliance/", **EN)
    html = response.content.decode()
    assert f"Obligations due from {today.replace(day=1):%Y-%m-%d} to " in html
    assert f'value="{today.replace(day=1):%Y-%m-%d}"' in html
    assert 'id="compliance-export"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-02-30", "date_to": "2026-03-31"}, "Enter a valid date."),
        ({"date_from": "2026-03-31", "date_to": "2026-03-01"}, "The start of the period is after its end."),
        # outside the portal's range of dates (association/dates.py) before the table's own range
        ({"date_from": "0001-01-01", "date_to": "9999-12-31"}, "Enter a date between 1949-01-01 and 2100-12-31."),
        ({"date_from": "1990-01-01", "date_to": "1990-02-01"}, "Choose a date between 2000 and 2100."),
        ({"date_from": "2000-01-01", "date_to": "2100-12-31"}, "Choose a period of at most five years."),
        ({"date_from": "x", "date_to": ""}, "This field is required."),
    ],
)
def test_compliance_bad_dates_show_the_error(world, client, params, message):
    c = as_user(client, world, "staff")
    for extra in ({}, {"format": "xlsx"}):
        response = c.get("/compliance/", {**params, **extra}, **EN)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert message in response.content.decode()
        assert 'id="compliance-table"' not in response.content.decode()


# --- notifications -----------------------------------------------------------------------------


def test_unread_count_open_and_mark_all_read(world, client):
    member = world.users["member_a_manager"]
    ob = make(world.org_a)
    first = Notification.objects.create(user=member, title="提醒一", url=f"/obligations/{ob.pk}/")
    Notification.objects.create(user=member, title="提醒二", url="/inbox/")
    foreign = Notification.objects.create(user=world.users["member_b"], title="给乙的", url="/inbox/")

    c = as_user(client, world, "member_a_manager")
    response = c.get("/notifications/")
    assert response.context["unread_notifications"] == 2
    html = response.content.decode()
    assert re.search(r'id="unread-count">2<', html)
    assert html.count('data-read="false"') == 2 and "给乙的" not in html
    assert html.index("提醒二") < html.index("提醒一")  # newest first

    response = c.get(f"/notifications/{first.pk}/open/")
    assert response.status_code == 302 and response["Location"] == f"/obligations/{ob.pk}/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert c.get("/inbox/").context["unread_notifications"] == 1

    assert c.get(f"/notifications/{foreign.pk}/open/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None

    assert c.get("/notifications/read-all/").status_code == 405
    assert c.post("/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(user=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.users["member_b"], read_at__isnull=True).count() == 1
    assert 'id="unread-count"' not in c.get("/notifications/").content.decode()


def test_a_notification_never_redirects_off_site(world, client):
    n = Notification.objects.create(user=world.users["member_b"], title="x", url="https://evil.example/")
    response = as_user(client, world, "member_b").get(f"/notifications/{n.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_unread_count_costs_no_query_for_anonymous_and_one_for_users(world, client):
    response = client.get("/accounts/login/")
    assert "unread_notifications" not in response.context
    c = as_user(client, world, "member_b")
    c.get("/inbox/")
    with CaptureQueriesContext(connection) as queries:
        c.get("/inbox/")
    assert sum('"association_notification"' in q["sql"] for q in queries.captured_queries) == 1


# --- notices -----------------------------------------------------------------------------------


@pytest.fixture
def issued_notice(world):
    notice = Notice.objects.create(
        title="关于报送防灾减灾工作情况的通知",
        reference="新保协〔2026〕12号",
        body="各会员单位：\n请于月底前书面报告。",
    )
    notice.document.save("通知原文.pdf", ContentFile(PDF), save=True)
    notice.recipients.set([world.org_a_branch, world.org_b])
    NoticeReply.objects.create(notice=notice, title="书面报告", due_at=timezone.now() + dt.timedelta(days=10))
    notice_issue(notice=notice, actor=world.users["staff"])
    return notice


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 200),
        ("member_a_manager", 200),
        ("member_b", 200),
        ("regulator_x", 200),
        ("regulator_y", 404),
    ],
)
def test_notice_scope(world, client, issued_notice, role, status):
    c = as_user(client, world, role)
    assert c.get(f"/notices/{issued_notice.pk}/").status_code == status
    assert c.get(f"/notices/{issued_notice.pk}/document/").status_code == status
    listed = f'id="notice-{issued_notice.pk}"' in c.get("/notices/").content.decode()
    assert listed is (status == 200)


def test_members_see_the_replies_they_owe_with_links(world, client, issued_notice):
    ob_branch = Obligation.objects.get(organisation=world.org_a_branch)
    ob_b = Obligation.objects.get(organisation=world.org_b)
    html = as_user(client, world, "member_a_reporter").get(f"/notices/{issued_notice.pk}/").content.decode()
    assert "请于月底前书面报告。" in html and issued_notice.reference in html
    assert f'href="/obligations/{ob_branch.pk}/"' in html
    assert f"/obligations/{ob_b.pk}/" not in html and world.org_b.name not in html  # no other recipients
    assert f'href="/notices/{issued_notice.pk}/document/"' in html

    staff_html = as_user(client, world, "staff").get(f"/notices/{issued_notice.pk}/").content.decode()
    assert f"/obligations/{ob_b.pk}/" in staff_html and world.org_b.name in staff_html


def test_the_notice_document_downloads_with_its_name(world, client, issued_notice):
    response = as_user(client, world, "member_b").get(f"/notices/{issued_notice.pk}/document/")
    assert b"".join(response.streaming_content) == PDF
    assert "filename*=utf-8''%E9%80%9A%E7%9F%A5%E5%8E%9F%E6%96%87.pdf" in response["Content-Disposition"]


def test_drafts_are_for_staff_only(world, client):
    draft = Notice.objects.create(title="草稿通知", body="未发出")
    draft.recipients.set([world.org_b])
    assert as_user(client, world, "staff").get(f"/notices/{draft.pk}/").status_code == 200
    c = as_user(client, world, "member_b")
    assert c.get(f"/notices/{draft.pk}/").status_code == 404
    assert "草稿通知" not in c.get("/notices/").content.decode()


def test_an_issued_notice_notifies_recipients_and_the_link_opens_it(world, client, issued_notice):
    c = as_user(client, world, "member_b")
    assert c.get("/notifications/").context["unread_notifications"] == 1
    notification = Notification.objects.get(user=world.users["member_b"])
    response = c.get(f"/notifications/{notification.pk}/open/", follow=True)
    assert response.redirect_chain[-1][0] == f"/notices/{issued_notice.pk}/"
    assert response.status_code == 200


def test_the_navbar_links_fit_the_role(world, client):
    staff_html = as_user(client, world, "staff").get("/inbox/").content.decode()
    assert 'id="nav-compliance"' in staff_html and 'id="nav-inbox"' in staff_html
    regulator_html = as_user(client, world, "regulator_y").get("/inbox/").content.decode()
    assert 'id="nav-compliance"' in regulator_html
    member_html = as_user(client, world, "member_b").get("/inbox/").content.decode()
    assert 'id="nav-compliance"' not in member_html
    assert 'id="nav-notices"' in member_html and 'id="nav-notifications"' in member_html


# --- builders for the isolation matrix (tests/association/test_scope_matrix.py) -----------------


def matrix_obligation(w, *, submitted=False, attachment=False):
    """An obligation of A's branch; optionally submitted by A's manager (with a PDF)."""
    ob = make(w.org_a_branch)
    if submitted or attachment:
        files = [pdf()] if attachment else []
        obligation_submit(obligation=ob, actor=w.users["member_a_manager"], text="已报送", files=files)
    return ob


def matrix_attachment(w):
    return Attachment.objects.get(submission__obligation=matrix_obligation(w, attachment=True))


def matrix_notification(w):
    return Notification.objects.create(user=w.users["member_a_manager"], title="提醒", url="/inbox/")


def matrix_notice(w, *, issued=True, document=False):
    """A notice to A's branch (issued, so the branch owes a reply), optionally with its document."""
    notice = Notice.objects.create(title="关于开展自查的通知", body="请书面报告。")
    if document:
        notice.document.save("通知原文.pdf", ContentFile(PDF), save=True)
    notice.recipients.set([w.org_a_branch])
    NoticeReply.objects.create(notice=notice, title="书面报告", due_at=timezone.now() + dt.timedelta(days=10))
    if issued:
        notice_issue(notice=notice, actor=w.users["staff"])
    return notice


def matrix_recipient_group(w):
    """A saved recipient group (staff's working list) holding A's branch."""
    from association.services.notice_composer import recipient_group_create

    return recipient_group_create(actor=w.users["staff"], name="伊犁会员单位", organisations=[w.org_a_branch])
