"""The full view of a consumer's personal data: permitted for staff and the case's mediator, always logged."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from association.middleware import current_request_id
from mediation.models import Case, CaseDataAccessLog
from mediation.services.permissions import may_see_personal_data

PERSONAL_FIELDS = ("consumer_name", "consumer_id_number", "consumer_phone")


def handling_purpose() -> str:
    """The purpose of a full view on the case's own pages: handling that case (staff, its mediator)."""
    return pgettext("personal data purpose", "Handling the mediation case")


def _request_id() -> str:
    request_id = current_request_id()
    return "" if request_id == "-" else request_id


def personal_data_reveal(*, case: Case, user, via: str = "portal", purpose: str = "") -> dict:
    """The unmasked fields, after writing the access log row with its purpose (the log is written even for
    an empty field)."""
    if not may_see_personal_data(user, case):
        raise PermissionDenied(_("Only association staff and the case's mediator see the personal data."))
    CaseDataAccessLog.objects.create(
        case=case,
        user=user,
        fields=list(PERSONAL_FIELDS),
        via=via,
        purpose=purpose or handling_purpose(),
        request_id=_request_id(),
    )
    return {name: getattr(case, name) for name in PERSONAL_FIELDS}


@transaction.atomic
def personal_data_export_log(*, cases, user, fields: list[str], purpose: str) -> int:
    """An export with personal data in full: one access row per case exported, naming the purpose the
    person gave (required). Staff only (the admin's export)."""
    if not (user and user.is_authenticated and user.is_association_staff):
        raise PermissionDenied(_("Only association staff export personal data."))
    if not purpose.strip():
        raise PermissionDenied(_("An export of personal data names its purpose."))
    rows = [
        CaseDataAccessLog(case_id=pk, user=user, fields=fields, via="export", purpose=purpose.strip(),
                          request_id=_request_id())
        for pk in cases.values_list("pk", flat=True)
    ]  # fmt: skip
    CaseDataAccessLog.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
