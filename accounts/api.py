"""``POST /api/v1/auth/token/`` for existing integrations, with the account policy applied: an account that
signs in with a second factor (or must) cannot get a token with its password alone: it makes a personal
API token on its account page instead (shown once, revocable; ``Authorization: Bearer pat_…``)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts.policy import has_mfa, requires_mfa
from association.api.serializers import TokenRequestSerializer, TokenResponseSerializer
from association.api.views import TokenView


class PolicyTokenView(TokenView):
    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request):
        from django.contrib.auth import get_user_model
        from django.utils.translation import gettext as _

        username = str(request.data.get("username", "")) if hasattr(request.data, "get") else ""
        user = get_user_model().objects.filter(username=username).first() if username else None
        if user is not None and (has_mfa(user) or requires_mfa(user)):
            return Response(
                {
                    "non_field_errors": [
                        _(
                            "This account signs in with two-factor authentication: create a personal "
                            "API token on your account page and send it as “Authorization: Bearer "
                            "<token>”."
                        )
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return super().post(request)
