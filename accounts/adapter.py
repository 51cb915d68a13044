"""django-allauth adapters: no self sign-up, e-mails through the portal's outbox, the portal's home."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False  # people are invited (accounts.services.invitations)

    def send_mail(self, template_prefix, email, context):
        """Rendered by allauth (its templates and translations), delivered by the outbox task."""
        from accounts.services.mail import outbox_add

        message = self.render_mail(template_prefix, email, context)
        outbox_add(to=list(message.to), subject=message.subject, body=message.body)
        if template_prefix.endswith("password_reset_key"):
            from accounts.models import EventKind
            from accounts.services.audit import account_event_record

            account_event_record(kind=EventKind.PASSWORD_RESET_REQUESTED, user=context.get("user"), username=email,
                                 request=context.get("request"))  # fmt: skip

    def get_login_redirect_url(self, request):
        return reverse(settings.LOGIN_REDIRECT_URL)

    def get_password_change_redirect_url(self, request):
        return reverse("account-home")


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return settings.MFA_TOTP_ISSUER or settings.PORTAL_NAME
