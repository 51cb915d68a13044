"""Notice document numbers (文号): ``<prefix>〔<year>〕<n>号``, generated in sequence when the notice is
issued, unique per issuer and year, never typed (the admin shows the number read-only)."""

import datetime as dt
import importlib
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from association.models import Notice
from association.services.notices import next_notice_number, notice_create, notice_issue
from tests.conftest import client_for

BJ = ZoneInfo("Asia/Shanghai")


def bj(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BJ)


def draft(world, title="关于报送联系人名单的通知", reference=""):
    notice = Notice.objects.create(title=title, body="请报送。", reference=reference)
    notice.recipients.set([world.org_a])
    return notice


def issue_at(world, monkeypatch, when, **kw):
    monkeypatch.setattr(timezone, "now", lambda: when)
    notice = draft(world, **kw)
    notice_issue(notice=notice, actor=world.users["staff"])
    notice.refresh_from_db()
    return notice.reference


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "issued", "expected"),
    [
        ([], [bj(2026, 3, 1, 9)], ["新保协发〔2026〕1号"]),
        ([], [bj(2026, 3, 1, 9), bj(2026, 3, 2, 9)], ["新保协发〔2026〕1号", "新保协发〔2026〕2号"]),
        # the year is Beijing's: 31 December 16:30 UTC is already 1 January in Urumqi's official time
        (
            [],
            [bj(2026, 12, 31, 23, 59), dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC)],
            ["新保协发〔2026〕1号", "新保协发〔2027〕1号"],
        ),
        # numbers typed before numbering existed (or a circular's) are never given again: the sequence goes on
        (["新保协发〔2026〕18号"], [bj(2026, 3, 1, 9)], ["新保协发〔2026〕19号"]),
        (["新保协发〔2025〕40号"], [bj(2026, 3, 1, 9)], ["新保协发〔2026〕1号"]),
        (["新保协函〔2026〕7号"], [bj(2026, 3, 1, 9)], ["新保协发〔2026〕1号"]),  # another issuer's series
    ],
)
def test_numbers_in_sequence_per_issuer_and_year(world, monkeypatch, typed, issued, expected):
    for n, reference in enumerate(typed):
        draft(world, title=f"旧通知{n}", reference=reference)
    assert [issue_at(world, monkeypatch, when, title=f"通知{i}") for i, when in enumerate(issued)] == expected


@pytest.mark.django_db
def test_the_prefix_is_a_setting(world, monkeypatch, settings):
    settings.NOTICE_NUMBER_PREFIX = "新保协函"
    assert issue_at(world, monkeypatch, bj(2026, 3, 1, 9)) == "新保协函〔2026〕1号"


@pytest.mark.django_db
def test_a_rolled_back_issue_leaves_no_gap(world, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: bj(2026, 3, 1, 9))
    with pytest.raises(RuntimeError), transaction.atomic():
        next_notice_number(2026)
        raise RuntimeError
    assert issue_at(world, monkeypatch, bj(2026, 3, 1, 9)) == "新保协发〔2026〕1号"


@pytest.mark.django_db
def test_a_number_is_never_typed(world):
    with pytest.raises(ValueError):
        notice_create(actor=world.users["staff"], title="通知", body="正文", reference="新保协发〔2026〕1号")


@pytest.mark.django_db
def test_a_draft_typed_before_numbering_keeps_its_number(world, monkeypatch):
    typed = draft(world, title="旧草稿", reference="新保协发〔2026〕18号")
    notice_issue(notice=typed, actor=world.users["staff"])
    typed.refresh_from_db()
    assert typed.reference == "新保协发〔2026〕18号" and typed.issued_at is not None
    assert issue_at(world, monkeypatch, bj(2026, 3, 1, 9)) == "新保协发〔2026〕19号"


@pytest.mark.django_db
def test_the_database_refuses_a_number_twice(world):
    draft(world, reference="新保协发〔2026〕5号")
    with pytest.raises(IntegrityError), transaction.atomic():
        draft(world, title="另一个", reference="新保协发〔2026〕5号")
    draft(world, title="草稿一")  # drafts without a number are many
    draft(world, title="草稿二")


@pytest.mark.django_db
def test_the_admin_shows_the_number_read_only(world, client, monkeypatch):
    c = client_for(client, world.users["staff"])
    html = c.get("/admin/association/notice/add/").content.decode()
    assert 'name="reference"' not in html
    data = {
        "kind": "notice", "reference": "新保协发〔2026〕99号", "title": "关于报送联系人的通知", "body": "请报送。",
        "recipients": [str(world.org_a.pk)],
        "replies-TOTAL_FORMS": "0", "replies-INITIAL_FORMS": "0", "replies-MIN_NUM_FORMS": "0",
        "replies-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    assert c.post("/admin/association/notice/add/", data).status_code == 302
    notice = Notice.objects.get(title="关于报送联系人的通知")
    assert notice.reference == ""  # a typed number is ignored: the number comes with the issue
    monkeypatch.setattr(timezone, "now", lambda: bj(2026, 3, 1, 9))
    c.post("/admin/association/notice/", {"action": "issue", "index": "0", "_selected_action": [str(notice.pk)]})
    notice.refresh_from_db()
    assert notice.reference == "新保协发〔2026〕1号"
    assert "新保协发〔2026〕1号" in c.get(f"/admin/association/notice/{notice.pk}/change/").content.decode()


@pytest.mark.django_db
def test_the_migration_suffixes_later_duplicates_and_keeps_the_first(world):
    from django.apps import apps

    migration = importlib.import_module("association.migrations.0010_notice_number")
    with connections["default"].cursor() as cursor:
        cursor.execute("DROP INDEX notice_reference_unique")  # a partial unique constraint is an index
    first = draft(world, title="先", reference="新保协发〔2026〕18号")
    Notice.objects.filter(pk=first.pk).update(issued_at=bj(2026, 3, 1, 9))
    second = draft(world, title="后", reference="新保协发〔2026〕18号")
    third = draft(world, title="再后", reference="新保协发〔2026〕18号")
    other = draft(world, title="别的", reference="新保协发〔2026〕3号")
    migration.suffix_duplicates(apps, None)
    refs = dict(Notice.objects.values_list("pk", "reference"))
    assert refs[first.pk] == "新保协发〔2026〕18号" and refs[other.pk] == "新保协发〔2026〕3号"
    assert (refs[second.pk], refs[third.pk]) == ("新保协发〔2026〕18号（重号2）", "新保协发〔2026〕18号（重号3）")


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_numbers(world):
    threads, errors = 6, []
    notices = [draft(world, title=f"并发{i}") for i in range(threads)]
    barrier = threading.Barrier(threads)

    def work(notice):
        try:
            barrier.wait()
            notice_issue(notice=notice, actor=world.users["staff"])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work, args=(n,)) for n in notices]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert not errors
    year = timezone.localdate().year
    assert sorted(Notice.objects.values_list("reference", flat=True)) == sorted(
        f"新保协发〔{year}〕{n}号" for n in range(1, threads + 1)
    )
