"""Onboarding in bulk: a file (xlsx, or CSV in UTF-8 or GBK) of people, checked all or nothing.

Columns (Chinese or English headers): 姓名/name, 电子邮箱/email, 手机/mobile, 统一社会信用代码/credit_code,
角色/role. Every bad row is reported with its line and column and nothing is kept; when every row is
good, each person gets an invitation (``invitation_create``) and its e-mail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services.invitations import invitation_create
from association.audit import acting
from association.choices import Role
from association.importing import ImportFileError, ImportReport, RowProblem, read_dataset
from association.models import Organisation

COLUMNS = {
    "name": ("name", "姓名"),
    "email": ("email", "电子邮箱", "邮箱", "e-mail"),
    "mobile": ("mobile", "手机", "手机号"),
    "credit_code": ("credit_code", "统一社会信用代码", "信用代码"),
    "role": ("role", "角色"),
}
REQUIRED = ("name", "email", "credit_code", "role")


def _role(value: str) -> str | None:
    """A role by its code (member_reporter) or its Chinese or English name (填报员 works too)."""
    value = (value or "").strip()
    by_label = {str(label): code for code, label in Role.choices}
    aliases = {"管理员": Role.MEMBER_MANAGER, "填报员": Role.MEMBER_REPORTER, "监管员": Role.REGULATOR,
               "调解员": Role.MEDIATOR, "协会工作人员": Role.STAFF}  # fmt: skip
    return value if value in Role.values else by_label.get(value) or aliases.get(value)


@acting
def people_import(*, data: bytes, filename: str, actor, request=None) -> tuple[ImportReport, list]:
    """Check the whole file, then invite everybody in it; any problem: nobody is invited."""
    dataset = read_dataset(data, filename)
    lines = list(getattr(dataset, "source_lines", None) or range(2, len(dataset) + 2))
    report = ImportReport(total=len(dataset))
    headers = [str(h or "").strip().lower() for h in dataset.headers or []]
    index = {}
    for key, names in COLUMNS.items():
        for i, header in enumerate(headers):
            if header in names:
                index[key] = i
    missing = [COLUMNS[k][1] for k in REQUIRED if k not in index]
    if missing:
        report.problems = [RowProblem(1, c, _("required column is missing")) for c in missing]
        return report, []
    if not len(dataset):
        report.problems = [RowProblem(None, "—", _("The file has no people in it."))]
        return report, []
    rows = [[("" if v is None else str(v).strip()) for v in row] for row in dataset]
    codes = {row[index["credit_code"]].upper() for row in rows}
    orgs = {o.credit_code: o for o in Organisation.objects.filter(credit_code__in=codes)}
    visible = actor.visible_organisation_ids()
    invited = []
    seen: dict[str, int] = {}
    with transaction.atomic():
        for line, row in zip(lines, rows, strict=True):
            value = {k: (row[i] if i < len(row) else "") for k, i in index.items()}
            org = orgs.get(value["credit_code"].upper())
            if org is None or (visible is not None and org.pk not in visible):
                report.problems.append(RowProblem(line, COLUMNS["credit_code"][1], _("no organisation with this code")))
                continue
            role = _role(value["role"])
            if role is None:
                report.problems.append(RowProblem(line, COLUMNS["role"][1], _("unknown role")))
                continue
            email = value["email"].lower()
            if email in seen:
                message = _("duplicate of line %(line)d in the same file") % {"line": seen[email]}
                report.problems.append(RowProblem(line, COLUMNS["email"][1], message))
                continue
            seen[email] = line
            try:
                with transaction.atomic():
                    invitation, _token = invitation_create(
                        actor=actor, name=value["name"], email=email, mobile=value.get("mobile", ""),
                        organisation=org, role=role, request=request,
                    )  # fmt: skip
                    invited.append(invitation)
            except ValidationError as exc:
                details = exc.message_dict.items() if hasattr(exc, "error_dict") else [("—", exc.messages)]
                for column, texts in details:
                    label = COLUMNS.get(column, (column, column))[1]
                    report.problems.append(RowProblem(line, label, " ".join(texts)))
            except PermissionDenied as exc:
                report.problems.append(RowProblem(line, COLUMNS["role"][1], str(exc)))
        if report.problems:
            transaction.set_rollback(True)
            invited = []
        else:
            report.committed, report.new = True, len(invited)
    report.problems.sort(key=lambda p: (p.line or 0, p.column))
    return report, invited


def people_upload(*, data: bytes, filename: str, actor, request=None) -> list:
    """``people_import`` for the portal: any problem is one ValidationError listing each with line and column."""
    try:
        report, invited = people_import(data=data, filename=filename, actor=actor, request=request)
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from None
    if report.problems:
        raise ValidationError([str(problem) for problem in report.problems])
    return invited
