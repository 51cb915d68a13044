"""The admin of the association core, one module per part: ``base`` (the scoped admin every app's
admin derives from), ``registry`` (regions, organisations, users, memberships, contacts),
``obligations`` (obligations, submissions, notices, notifications, reports) and ``calendar``
(working-day overrides). Importing the package registers them all."""

from association.admin import base, calendar, obligations, registry  # noqa: F401
