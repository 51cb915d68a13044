from django.urls import path

from accounts.views import account, invitations, people, security

urlpatterns = [
    path("account/", account.account_home, name="account-home"),
    path("account/tokens/", account.token_create_view, name="account-token-create"),
    path("account/tokens/<int:pk>/revoke/", account.token_revoke_view, name="account-token-revoke"),
    path("account/sessions/end/", account.sessions_end_view, name="account-sessions-end"),
    path("people/", people.people_list, name="people-list"),
    path("people/invite/", people.people_invite, name="people-invite"),
    path("people/upload/", people.people_upload_view, name="people-upload"),
    path("people/memberships/<int:pk>/role/", people.membership_role, name="people-role"),
    path("people/memberships/<int:pk>/deactivate/", people.membership_deactivate, name="people-deactivate"),
    path("people/invitations/<int:pk>/resend/", people.invitation_resend_view, name="invitation-resend"),
    path("people/invitations/<int:pk>/revoke/", people.invitation_revoke_view, name="invitation-revoke"),
    path("people/security/", security.security_page, name="account-security"),
    path("people/security/unlock/", security.lockout_clear_view, name="account-unlock"),
    path("people/users/<int:pk>/mfa-reset/", security.mfa_reset_view, name="account-mfa-reset"),
    path("invitation/<str:token>/", invitations.invitation_accept_view, name="invitation-accept"),
]
