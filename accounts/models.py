"""Accounts: invitations, the sign-in audit, personal API tokens and each person's account settings.

Signing in, password reset, two-factor (TOTP, recovery codes) and the list of sessions are
django-allauth's (``allauth.account``, ``allauth.mfa``, ``allauth.usersessions``); lock-out is
django-axes'. This app holds what they do not: who was invited by whom, what happened to an account
(the audit 等保 asks for), tokens for integrations, and the flags a policy needs.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.choices import Role


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Not yet accepted")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), exclude=["token_hash"])
class Invitation(models.Model):
    """A person asked to join: on acceptance (a link that works once, until it expires) they set a password
    and get their account with the role in the organisation named here."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    sent_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="invitations",
    )  # fmt: skip
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["organisation", "accepted_at", "revoked_at"])]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return InvitationStatus(self.status).label


class EventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    LOCKED_OUT = "locked_out", _("Locked out after repeated failures")
    UNLOCKED = "unlocked", _("Lock-out cleared")
    SIGNED_OUT = "signed_out", _("Signed out")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
    PASSWORD_RESET = "password_reset", _("Password reset by e-mail link")
    MFA_ENABLED = "mfa_enabled", _("Two-factor sign-in set up")
    MFA_REMOVED = "mfa_removed", _("Two-factor sign-in removed")
    MFA_RESET = "mfa_reset", _("Two-factor sign-in reset by staff")
    RECOVERY_CODES = "recovery_codes", _("Recovery codes generated")
    INVITED = "invited", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
    ROLE_CHANGED = "role_changed", _("Role changed")
    DEACTIVATED = "deactivated", _("Account deactivated")
    SESSIONS_ENDED = "sessions_ended", _("Signed out everywhere")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    PROFILE_CHANGED = "profile_changed", _("Account details changed")


class AccountEvent(models.Model):
    """One line of the account audit: what happened to whose account, done by whom, from where."""

    kind = models.CharField(_("event"), max_length=40, choices=EventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="account_events",
    )  # fmt: skip
    username = models.CharField(_("user name given"), max_length=150, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        indexes = [models.Index(fields=["user", "kind", "-at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), exclude=["key_hash"])
class PersonalToken(models.Model):
    """An API token a person made for an integration: shown once, stored as a hash, revocable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="personal_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, verbose_name=_("key hash"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("personal API token")
        verbose_name_plural = _("personal API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class AccountSettings(models.Model):
    """Per-person settings of the account: interface language and the flags of the sign-in policy."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="account_settings"
    )
    language = models.CharField(_("interface language"), max_length=10, blank=True, choices=settings.LANGUAGES)
    must_change_password = models.BooleanField(_("must change password at next sign-in"), default=False)
    #: set by the demo data only, when ``DEMO_USERS_SKIP_MFA`` is on (``make run``)
    skip_mfa = models.BooleanField(_("demo account without two-factor sign-in"), default=False)

    class Meta:
        verbose_name = _("account settings")
        verbose_name_plural = _("account settings")

    def __str__(self):
        return str(self.user)
