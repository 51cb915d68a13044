"""Accounts' rows of the isolation matrix (tests/association/test_scope_matrix.py imports them).

Everybody signed in has an account page; staff look after every account, A's manager after A's people
(404 for anything of A's for member B, whose own page lists only B's); invitation links work for whoever
holds them (the token is the key)."""

from tests.accounts.helpers import invitation_in_a, invitation_token, manager_token, reporter_membership
from tests.conftest import ROLES
from tests.matrix_tables import page

ALL = set(ROLES) - {"anonymous"}
MANAGERS = {"staff", "member_a_manager", "member_b"}
OF_A = {"staff", "member_a_manager"}


def every(status):
    return dict.fromkeys(ROLES, status)


def _invite(w):
    return {"name": "钱七", "email": "qian.qi@example.org", "mobile": "13800000000", "organisation": w.org_a.pk,
            "role": "member_reporter"}  # fmt: skip


ROWS = [
    # the token sign-in of existing integrations, with the account policy (accounts/api.py) in front
    ("api-token", "post", lambda w: "/api/v1/auth/token/", lambda w: {"username": "x", "password": "y"}, every(400)),
    ("account_login", "get", lambda w: "/accounts/login/", None, page(set(), denied=302, anon=200)),
    ("account_logout", "post", lambda w: "/accounts/logout/", None, every(302)),
    ("admin-login", "get", lambda w: "/admin/login/?next=/admin/", None, every(302)),
    ("account_inactive", "get", lambda w: "/accounts/inactive/", None, every(200)),
    ("account_signup", "get", lambda w: "/accounts/signup/", None, every(302)),
    ("account_email", "get", lambda w: "/accounts/email/", None, every(302)),
    ("account_reauthenticate", "get", lambda w: "/accounts/reauthenticate/", None, page(ALL)),
    ("account_email_verification_sent", "get", lambda w: "/accounts/confirm-email/", None, every(200)),
    ("account_confirm_email", "get", lambda w: "/accounts/confirm-email/nothing/", None, every(200)),
    ("account_change_password", "get", lambda w: "/accounts/password/change/", None, page(ALL)),
    ("account_set_password", "get", lambda w: "/accounts/password/set/", None, every(302)),
    ("account_reset_password", "get", lambda w: "/accounts/password/reset/", None, every(200)),
    ("account_reset_password_done", "get", lambda w: "/accounts/password/reset/done/", None, every(200)),
    ("account_reset_password_from_key", "get", lambda w: "/accounts/password/reset/key/1-x/", None, every(200)),
    ("account_reset_password_from_key_done", "get", lambda w: "/accounts/password/reset/key/done/", None, every(200)),
    ("account_confirm_login_code", "get", lambda w: "/accounts/login/code/confirm/", None, every(302)),
    ("mfa_index", "get", lambda w: "/accounts/2fa/", None, page(ALL)),
    ("mfa_authenticate", "get", lambda w: "/accounts/2fa/authenticate/", None, every(302)),
    ("mfa_reauthenticate", "get", lambda w: "/accounts/2fa/reauthenticate/", None, page(ALL, ok=302)),
    ("mfa_activate_totp", "get", lambda w: "/accounts/2fa/totp/activate/", None, page(ALL, ok=302)),
    # without an authenticator app there is nothing to switch off or codes to show: 404 (allauth's answer)
    ("mfa_deactivate_totp", "get", lambda w: "/accounts/2fa/totp/deactivate/", None, page(set())),
    ("mfa_view_recovery_codes", "get", lambda w: "/accounts/2fa/recovery-codes/", None, page(set())),
    (
        "mfa_generate_recovery_codes",
        "get",
        lambda w: "/accounts/2fa/recovery-codes/generate/",
        None,
        page(ALL, ok=302),
    ),
    ("mfa_download_recovery_codes", "get", lambda w: "/accounts/2fa/recovery-codes/download/", None, page(set())),
    ("usersessions_list", "get", lambda w: "/accounts/sessions/", None, page(ALL)),
    ("account-home", "get", lambda w: "/account/", None, page(ALL)),
    ("account-token-create", "post", lambda w: "/account/tokens/", lambda w: {"name": "ERP"}, page(ALL)),
    (
        "account-token-revoke",
        "post",
        lambda w: f"/account/tokens/{manager_token(w).pk}/revoke/",
        None,
        page({"member_a_manager"}, ok=302),
    ),
    ("account-sessions-end", "post", lambda w: "/account/sessions/end/", None, every(302)),
    ("people-list", "get", lambda w: "/people/", None, page(MANAGERS)),
    ("people-invite", "post", lambda w: "/people/invite/", _invite, {**page(MANAGERS, ok=302), "member_b": 400}),
    ("people-upload", "post", lambda w: "/people/upload/", lambda w: {}, page({"staff"}, ok=400)),
    (
        "people-role",
        "post",
        lambda w: f"/people/memberships/{reporter_membership(w).pk}/role/",
        lambda w: {"role": "member_manager"},
        page(OF_A, ok=302),
    ),
    (
        "people-deactivate",
        "post",
        lambda w: f"/people/memberships/{reporter_membership(w).pk}/deactivate/",
        None,
        page(OF_A, ok=302),
    ),
    (
        "invitation-resend",
        "post",
        lambda w: f"/people/invitations/{invitation_in_a(w).pk}/resend/",
        None,
        page(OF_A, ok=302),
    ),
    (
        "invitation-revoke",
        "post",
        lambda w: f"/people/invitations/{invitation_in_a(w).pk}/revoke/",
        None,
        page(OF_A, ok=302),
    ),
    ("account-security", "get", lambda w: "/people/security/", None, page({"staff"})),
    (
        "account-unlock",
        "post",
        lambda w: "/people/security/unlock/",
        lambda w: {"username": "member_b"},
        page({"staff"}, ok=302),
    ),
    (
        "account-mfa-reset",
        "post",
        lambda w: f"/people/users/{w.users['member_a_reporter'].pk}/mfa-reset/",
        None,
        page({"staff"}, ok=302),
    ),
    ("invitation-accept", "get", lambda w: f"/invitation/{invitation_token(w)}/", None, every(200)),
]
