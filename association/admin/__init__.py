"""The admin of the association core, one module per part: ``base`` (the scoped admin every app's
admin derives from), ``registry`` (regions, organisations, users, memberships, contacts),
``obligations`` (obligations, submissions, notices, notifications, reports) and ``calendar``
(working-day overrides). Importing the package registers them all."""

# DRF's token admin lists every API token in full: not exposed (issue 14). Tokens are made by the token endpoint
# and revoked by the accounts' own pages.
from django.contrib import admin
from rest_framework.authtoken.models import TokenProxy

from association.admin import base, calendar, obligations, registry  # noqa: F401

if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
