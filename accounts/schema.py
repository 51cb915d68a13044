"""The OpenAPI description of personal API tokens (drf-spectacular): an HTTP bearer scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token made on the account page (/account/): `Authorization: Bearer pat_…`",
        }
