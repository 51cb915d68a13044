"""DRF authentication with personal API tokens (``Authorization: Bearer pat_…`` or ``Token pat_…``)."""

from rest_framework import authentication, exceptions

from accounts.services.tokens import PREFIX, token_user


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if len(header) != 2 or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        raw = header[1].decode(errors="replace")
        if not raw.startswith(PREFIX):
            return None  # a classic DRF token: TokenAuthentication's
        user = token_user(raw)
        if user is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return user, None

    def authenticate_header(self, request):
        return "Bearer"
