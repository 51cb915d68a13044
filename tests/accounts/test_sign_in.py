"""Forgotten password, two-factor sign-in (required for staff, mediators and regulators), lock-out with a
staff unlock page, forced password change, idle time-out, and the audit of it all."""

import datetime as dt
import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import AccountEvent, AccountSettings, EventKind
from association.models import OutboundEmail
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Xinjiang-2026!ok"


def _sign_in(client, username, password=TEST_PASSWORD):
    return client.post("/accounts/login/", {"login": username, "password": password})


def test_the_reset_answer_never_says_whether_an_address_exists(world, client):
    world.users["member_b"].email = "b@example.org"
    world.users["member_b"].save()
    known = client.post("/accounts/password/reset/", {"email": "b@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/done/"
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == [["b@example.org"]]  # nobody else written to


def test_the_e_mail_link_sets_a_new_password(world, client):
    user = world.users["member_b"]
    user.email = "b@example.org"
    user.save()
    client.post("/accounts/password/reset/", {"email": "b@example.org"})
    body = OutboundEmail.objects.get().body
    path = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", body).group(1)
    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(form.redirect_chain[-1][0] if form.redirect_chain else path,
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})  # fmt: skip
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AccountEvent.objects.filter(user=user, kind=EventKind.PASSWORD_RESET).exists()
    assert AccountEvent.objects.filter(kind=EventKind.PASSWORD_RESET_REQUESTED).exists()


def test_resets_are_rate_limited(world, client):
    answers = [client.post("/accounts/password/reset/", {"email": "x@example.org"}).status_code for _ in range(12)]
    assert 429 in answers


def test_passwords_must_be_long_and_mixed():
    for weak in ("short1A!", "alllowercaseletters", "12345678901234", "Password123"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password(NEW_PASSWORD)


def test_privileged_people_must_set_up_a_second_factor_first(world, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True
    staff = Client()
    assert _sign_in(staff, "staff").status_code == 302
    home = staff.get("/staff/")
    assert home.status_code == 302 and home["Location"] == "/accounts/2fa/totp/activate/"
    assert staff.get("/admin/").status_code == 302
    assert staff.get("/api/v1/organisations/").status_code == 403
    member = Client()
    _sign_in(member, "member_b")
    assert member.get("/overview/").status_code == 200  # optional for member users


def _activate_totp(client, password=TEST_PASSWORD):
    """Reauthenticate (allauth asks for the password again before a security change) and activate."""
    page = client.get("/accounts/2fa/totp/activate/", follow=True)
    if "/reauthenticate/" in page.redirect_chain[-1][0]:
        client.post(page.redirect_chain[-1][0], {"password": password})
        page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.content.decode()[:500]
    return secret


def test_totp_set_up_then_asked_at_every_sign_in(world, settings, django_capture_on_commit_callbacks):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True
    c = Client()
    _sign_in(c, "staff")
    with django_capture_on_commit_callbacks(execute=True):  # allauth announces it after the commit
        secret = _activate_totp(c)
    assert Authenticator.objects.filter(user=world.users["staff"], type="totp").exists()
    assert c.get("/staff/").status_code == 200
    assert AccountEvent.objects.filter(user=world.users["staff"], kind=EventKind.MFA_ENABLED).exists()
    again = Client()
    step = _sign_in(again, "staff")
    assert step["Location"] == "/accounts/2fa/authenticate/"
    wrong = again.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in again.session
    right = again.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 302 and again.get("/staff/").status_code == 200


def test_staff_reset_a_lost_second_factor(world, settings, client):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True
    c = Client()
    _sign_in(c, "regulator_x")
    _activate_totp(c)
    admin = Client()
    admin.force_login(world.users["staff"], backend="django.contrib.auth.backends.ModelBackend")
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False  # this staff member's own second factor is not under test
    assert admin.post(f"/people/users/{world.users['regulator_x'].pk}/mfa-reset/").status_code == 302
    assert not Authenticator.objects.filter(user=world.users["regulator_x"]).exists()
    event = AccountEvent.objects.get(kind=EventKind.MFA_RESET)
    assert event.user == world.users["regulator_x"] and event.actor == world.users["staff"]


def test_the_token_sign_in_is_refused_to_two_factor_accounts(world, settings, api_client):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True
    assert api_client.post("/api/v1/auth/token/", {"username": "staff", "password": TEST_PASSWORD}).status_code == 400
    ok = api_client.post("/api/v1/auth/token/", {"username": "member_b", "password": TEST_PASSWORD})
    assert ok.status_code == 200 and ok.json()["token"]


def test_lock_out_message_and_staff_unlock(world, client):
    for _ in range(5):
        _sign_in(client, "member_b", "wrong")
    locked = _sign_in(client, "member_b")
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    assert AccountEvent.objects.filter(kind=EventKind.LOCKED_OUT, username="member_b").exists()
    assert AccountEvent.objects.filter(kind=EventKind.SIGN_IN_FAILED, user=world.users["member_b"]).count() >= 5
    staff = client_for(Client(), world.users["staff"])
    page = staff.get("/people/security/").content.decode()
    assert "member_b" in page
    assert staff.post("/people/security/unlock/", {"username": "member_b"}).status_code == 302
    again = Client()
    assert _sign_in(again, "member_b").status_code == 302
    assert AccountEvent.objects.filter(kind=EventKind.UNLOCKED, actor=world.users["staff"]).exists()


def test_a_temporary_password_must_be_changed_first(world):
    AccountSettings.objects.create(user=world.users["member_b"], must_change_password=True)
    c = Client()
    _sign_in(c, "member_b")
    step = c.get("/overview/")
    assert step.status_code == 302 and step["Location"] == "/accounts/password/change/"
    c.post("/accounts/password/change/", {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD,
                                          "password2": NEW_PASSWORD})  # fmt: skip
    assert c.get("/overview/").status_code == 200
    assert not AccountSettings.objects.get(user=world.users["member_b"]).must_change_password


def test_idle_sessions_end_after_the_set_minutes(world):
    assert django_settings.SESSION_COOKIE_AGE == django_settings.SESSION_IDLE_MINUTES * 60 == 30 * 60
    c = Client()
    _sign_in(c, "member_b")
    first = Session.objects.get().expire_date
    assert abs((first - timezone.now()).total_seconds() - 30 * 60) < 60
    session = c.session
    session["_touched"] = 0  # the last request was long ago: the next one moves the end
    session.save()
    moved = Session.objects.get().expire_date
    c.get("/overview/")
    assert Session.objects.get().expire_date > moved
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))  # 30 idle minutes later
    assert c.get("/overview/").status_code == 302


def test_sign_ins_are_audited_with_address_and_browser(world):
    c = Client(HTTP_USER_AGENT="Mozilla/5.0 测试浏览器")
    _sign_in(c, "member_b", "wrong")
    _sign_in(c, "member_b")
    events = AccountEvent.objects.filter(user=world.users["member_b"]).order_by("at")
    assert [e.kind for e in events] == [EventKind.SIGN_IN_FAILED, EventKind.SIGNED_IN]
    assert events.last().ip == "127.0.0.1" and "测试浏览器" in events.last().user_agent


def test_guesses_over_many_user_names_from_one_address_are_slowed(world):
    """Issue 14 point 13: 12 wrong guesses over 3 user names from one address are slowed (allauth's per-address
    limit), while axes' lock-out stays per user name and address: nobody's account is locked by them."""
    c = Client()
    for i in range(12):
        _sign_in(c, ["member_b", "member_a_reporter", "mediator"][i % 3], "wrong")
    slowed = _sign_in(c, "member_a_manager")  # right password, same address, within the minute
    assert "_auth_user_id" not in c.session and slowed.status_code in (200, 429)
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")  # another address is not slowed, and no account is locked
    assert _sign_in(elsewhere, "member_b").status_code == 302
