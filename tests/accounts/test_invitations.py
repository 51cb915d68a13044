"""Onboarding: staff invite people in bulk (all or nothing), managers invite colleagues, the link sets a
password once and expires."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AccountEvent, EventKind, Invitation
from accounts.services.invitations import invitation_accept, invitation_create, invitation_revoke
from accounts.services.people_import import people_upload
from association.models import Membership, OutboundEmail, User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
HEADER = "姓名,电子邮箱,手机,统一社会信用代码,角色\n"
NEW_PASSWORD = "Hetong-2026!safe"


def _csv(rows, encoding="utf-8"):
    return (HEADER + "".join(f"{','.join(r)}\n" for r in rows)).encode(encoding)


def _people(w):
    return [
        ("张三", "zhang.san@example.org", "13800001111", w.org_a.credit_code, "管理员"),
        ("李四", "li.si@example.org", "13800002222", w.org_a_branch.credit_code, "填报员"),
        ("王芳", "wang.fang@example.org", "", w.org_b.credit_code, "member_reporter"),
    ]


def _link(email):
    body = OutboundEmail.objects.filter(to=[email]).latest("created_at").body
    return re.search(r"/invitation/([\w-]+)/", body).group(1)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_staff_invite_three_people_from_a_csv(world, encoding):
    invited = people_upload(data=_csv(_people(world), encoding), filename="people.csv", actor=world.users["staff"])
    assert len(invited) == 3
    assert {i.organisation for i in invited} == {world.org_a, world.org_a_branch, world.org_b}
    assert OutboundEmail.objects.filter(to=["li.si@example.org"]).count() == 1
    assert AccountEvent.objects.filter(kind=EventKind.INVITED).count() == 3


def test_xlsx_works_too(world):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "电子邮箱", "手机", "统一社会信用代码", "角色"])
    for row in _people(world):
        sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    assert len(people_upload(data=data.getvalue(), filename="people.xlsx", actor=world.users["staff"])) == 3


def test_a_bad_row_invites_nobody_and_names_line_and_column(world):
    rows = _people(world)
    rows.append(("赵六", "zhang.san@example.org", "13800003333", world.org_a.credit_code, "填报员"))  # duplicate
    rows.append(("钱七", "not-an-address", "12", "91650000XXXXXXXXXX", "老板"))
    with pytest.raises(ValidationError) as exc:
        people_upload(data=_csv(rows), filename="people.csv", actor=world.users["staff"])
    text = " ".join(exc.value.messages)
    assert "5" in text and "电子邮箱" in text  # line 5 (header is line 1): duplicate of line 2
    assert "6" in text and "统一社会信用代码" in text
    assert Invitation.objects.count() == 0 and OutboundEmail.objects.count() == 0


def test_a_file_of_another_kind_is_a_clear_error(world):
    with pytest.raises(ValidationError):
        people_upload(data=b"\x00\x01binary", filename="people.csv", actor=world.users["staff"])
    with pytest.raises(ValidationError):
        people_upload(data=b"name\nx\n", filename="people.csv", actor=world.users["staff"])  # columns missing


def test_the_link_sets_a_password_once(world, client):
    invitation, token = invitation_create(actor=world.users["staff"], name="张三", email="zhang.san@example.org",
                                          organisation=world.org_a, role="member_reporter")  # fmt: skip
    assert _link("zhang.san@example.org") == token
    page = client.get(f"/invitation/{token}/")
    assert page.status_code == 200 and "张三" in page.content.decode()
    weak = client.post(f"/invitation/{token}/", {"password1": "abcdefgh", "password2": "abcdefgh"})
    assert weak.status_code == 400  # too short, too simple
    response = client.post(f"/invitation/{token}/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(username="zhang.san@example.org")
    assert user.check_password(NEW_PASSWORD) and user.display_name == "张三"
    assert Membership.objects.filter(user=user, organisation=world.org_a, role="member_reporter").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.user == user
    assert client.get(f"/invitation/{token}/").status_code == 404  # used: works once
    signed_in = client.post("/accounts/login/", {"login": user.username, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"


def test_an_expired_or_revoked_link_does_not_work(world, client):
    _inv, token = invitation_create(actor=world.users["staff"], name="甲", email="a@example.org",
                                    organisation=world.org_a, role="member_reporter")  # fmt: skip
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(f"/invitation/{token}/").status_code == 404
    with pytest.raises(ValidationError):
        invitation_accept(token=token, password=NEW_PASSWORD)
    inv2, token2 = invitation_create(actor=world.users["staff"], name="乙", email="b@example.org",
                                     organisation=world.org_a, role="member_reporter")  # fmt: skip
    invitation_revoke(actor=world.users["staff"], invitation=inv2)
    assert client.get(f"/invitation/{token2}/").status_code == 404
    assert client.get("/invitation/made-up-token/").status_code == 404


def test_resend_gives_a_new_link_and_the_old_stops(world, client):
    inv, old = invitation_create(actor=world.users["staff"], name="甲", email="a@example.org",
                                 organisation=world.org_a, role="member_reporter")  # fmt: skip
    c = client_for(client, world.users["member_a_manager"])
    assert c.post(f"/people/invitations/{inv.pk}/resend/").status_code == 302
    new = _link("a@example.org")
    assert new != old
    c.logout()
    assert client.get(f"/invitation/{old}/").status_code == 404
    assert client.get(f"/invitation/{new}/").status_code == 200


def test_a_manager_invites_only_into_its_own_company_and_member_roles(world, client):
    manager = world.users["member_a_manager"]
    invitation, _token = invitation_create(actor=manager, name="丙", email="c@example.org",
                                           organisation=world.org_a_branch, role="member_reporter")  # fmt: skip
    assert invitation.organisation == world.org_a_branch
    with pytest.raises(PermissionDenied):
        invitation_create(actor=manager, name="丁", email="d@example.org", organisation=world.org_b,
                          role="member_reporter")  # fmt: skip
    with pytest.raises(PermissionDenied):
        invitation_create(actor=manager, name="戊", email="e@example.org", organisation=world.org_a, role="staff")
    c = client_for(client, manager)
    foreign = c.post("/people/invite/", {"name": "丁", "email": "d@example.org", "organisation": world.org_b.pk,
                                         "role": "member_reporter"})  # fmt: skip
    missing = c.post("/people/invite/", {"name": "丁", "email": "d@example.org", "organisation": 999999,
                                         "role": "member_reporter"})  # fmt: skip
    assert foreign.status_code == missing.status_code == 400  # another company's answers like a missing one
    assert Invitation.objects.count() == 1
    page = client_for(client, world.users["member_b"]).get("/people/").content.decode()
    assert "c@example.org" not in page


def test_staff_see_who_has_not_accepted(world, client):
    invitation_create(actor=world.users["staff"], name="甲", email="a@example.org", organisation=world.org_a,
                      role="member_reporter")  # fmt: skip
    page = client_for(client, world.users["staff"]).get("/people/").content.decode()
    assert "a@example.org" in page and 'id="invitations"' in page
