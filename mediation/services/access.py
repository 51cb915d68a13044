"""The full view of a consumer's personal data: permitted for staff and the case's mediator, always logged."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from association.middleware import current_request_id
from mediation.models import Case, CaseDataAccessLog
from mediation.services.permissions import may_see_personal_data

PERSONAL_FIELDS = ("consumer_name", "consumer_id_number", "consumer_phone")


def personal_data_reveal(*, case: Case, user, via: str = "portal") -> dict:
    """The unmasked fields, after writing the access log row (the log is written even for an empty field)."""
    if not may_see_personal_data(user, case):
        raise PermissionDenied(_("Only association staff and the case's mediator see the personal data."))
    request_id = current_request_id()
    CaseDataAccessLog.objects.create(
        case=case, user=user, fields=list(PERSONAL_FIELDS), via=via, request_id="" if request_id == "-" else request_id
    )
    return {name: getattr(case, name) for name in PERSONAL_FIELDS}
