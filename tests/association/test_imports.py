"""Import/export of organisations and contacts: run_import, the import_records command and the admin.

Files are built in the tests (CSV in UTF-8, UTF-8 with BOM and GBK; xlsx with openpyxl). Line
numbers are lines in the file, the header being line 1.
"""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.apps import apps
from django.contrib.admin import AdminSite
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import path
from django.utils import translation

import config.urls
from association.admin.registry import OrganisationAdmin, UserAdmin
from association.choices import ContactDuty, OrganisationKind
from association.credit_code import make_credit_code
from association.importing import ImportFileError, run_import
from association.models import ContactPerson, Organisation, User
from association.resources import ContactResource, OrganisationResource
from tests.conftest import client_for
from tests.factories import OrganisationFactory, _org_code

pytestmark = pytest.mark.django_db

ORG_HEADER = ["credit_code", "name", "short_name", "kind", "tier", "region_code", "membership_status", "joined_on"]
ORG_URL = "/admin/association/organisation/"
CONTACT_URL = "/admin/association/contactperson/"


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (Django's own are translated to zh-hans by default)."""
    with translation.override("en"):
        yield


def code(n: int) -> str:
    return make_credit_code("9", "1", "650100", _org_code(900_000 + n))


def bad_check(n: int) -> str:
    good = code(n)
    return good[:17] + ("1" if good[17] != "1" else "2")


def org_row(n, **over):
    row = dict(zip(ORG_HEADER, [code(n), f"丙{n}财产保险股份有限公司新疆分公司", f"丙{n}财险"], strict=False))
    row |= {"kind": "property_insurer", "tier": "provincial", "region_code": "650100"}
    row |= {"membership_status": "member", "joined_on": "2024-03-01"}
    return row | over


def contact_row(org, n, **over):
    row = {"organisation_credit_code": org.credit_code, "duty": "general", "slot": "A", "name": f"王{n}"}
    row |= {"position": "综合部经理", "phone": f"1390991{n:04d}", "email": f"wang{n}@example.cn"}
    return row | {"effective_from": "2024/3/1"} | over


def columns(rows):
    return list(dict.fromkeys(key for row in rows for key in row))


def csv_bytes(rows, header=None, encoding="utf-8", delimiter=","):
    header = header or columns(rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows([[r.get(h, "") for h in header] for r in rows])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=None):
    header = header or columns(rows)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append([r.get(h) for h in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ENCODINGS = {
    "utf8.csv": lambda rows: csv_bytes(rows),
    "utf8-bom.csv": lambda rows: csv_bytes(rows, encoding="utf-8-sig"),
    "gbk.csv": lambda rows: csv_bytes(rows, encoding="gbk"),
    "excel.xlsx": lambda rows: xlsx_bytes(rows),
    "unicode-text.csv": lambda rows: csv_bytes(rows, encoding="utf-16", delimiter="\t"),  # Excel's "Unicode text"
}


def problems(report):
    return [(p.line, p.column, p.message) for p in report.problems]


# --- good files ---------------------------------------------------------------------------


@pytest.mark.parametrize("filename", list(ENCODINGS))
def test_organisations_import_in_every_encoding(world, filename):
    before = Organisation.objects.count()
    data = ENCODINGS[filename]([org_row(1), org_row(2, parent_credit_code=code(1), tier="prefecture")])
    if filename == "gbk.csv":
        assert data.decode("gbk") and not _is_utf8(data)
    report = run_import(OrganisationResource(), data, filename)
    assert report.ok and report.committed, problems(report)
    assert (report.new, Organisation.objects.count()) == (2, before + 2)
    branch = Organisation.objects.get(credit_code=code(2))
    assert branch.name == "丙2财产保险股份有限公司新疆分公司" and branch.short_name == "丙2财险"
    assert branch.parent.credit_code == code(1) and branch.region.name == "乌鲁木齐市"
    assert branch.joined_on == dt.date(2024, 3, 1) and branch.kind == OrganisationKind.PROPERTY_INSURER


@pytest.mark.parametrize("filename", list(ENCODINGS))
def test_contacts_import_in_every_encoding(world, filename):
    before = ContactPerson.objects.count()
    rows = [contact_row(world.org_a, 1), contact_row(world.org_b, 2, duty="publicity", slot="B")]
    report = run_import(ContactResource(), ENCODINGS[filename](rows), filename)
    assert report.ok and report.committed, problems(report)
    assert ContactPerson.objects.count() == before + 2
    contact = ContactPerson.objects.get(organisation=world.org_b, duty="publicity", slot="B")
    assert (contact.name, contact.position, contact.phone) == ("王2", "综合部经理", "13909910002")
    assert contact.effective_from == dt.date(2024, 3, 1)


def _is_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_xlsx_numbers_and_date_cells(world):
    """Excel stores phones as numbers and dates as date cells."""
    rows = [contact_row(world.org_a, 1, phone=13909910001, effective_from=dt.datetime(2024, 3, 1))]
    report = run_import(ContactResource(), xlsx_bytes(rows), "c.xlsx")
    assert report.ok, problems(report)
    contact = ContactPerson.objects.get(organisation=world.org_a, duty="general")
    assert (contact.phone, contact.effective_from) == ("13909910001", dt.date(2024, 3, 1))


def _labels(member):
    labels = {member.value, str(member.label), str(member.label).upper()}
    with translation.override("zh-hans"):
        labels.add(str(member.label))  # the Chinese label, once the translations are compiled
    return sorted(labels)


@pytest.mark.parametrize("kind", _labels(OrganisationKind.PROPERTY_INSURER))
def test_choice_columns_take_value_or_label(world, kind):
    rows = [org_row(1, kind=kind, tier="Provincial branch / bureau", membership_status="Applicant")]
    report = run_import(OrganisationResource(), csv_bytes(rows), "o.csv")
    assert report.ok, problems(report)
    org = Organisation.objects.get(credit_code=code(1))
    assert (org.kind, org.tier, org.membership_status) == ("property_insurer", "provincial", "applicant")


def test_choice_columns_take_the_chinese_label(world, settings, tmp_path):
    """With the project's translations compiled (into tmp_path here), 财产保险公司 etc. work too."""
    polib = pytest.importorskip("polib")
    po = settings.LOCALE_PATHS[0] / "zh_Hans" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        pytest.skip("no zh_Hans translations yet")
    (tmp_path / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True)
    polib.pofile(str(po)).save_as_mofile(str(tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path]
    with translation.override("zh-hans"):
        kind, duty = str(OrganisationKind.PROPERTY_INSURER.label), str(ContactDuty.DISASTER.label)
    if kind == "Property insurer":
        pytest.skip("“Property insurer” is not translated yet")
    assert run_import(OrganisationResource(), csv_bytes([org_row(1, kind=kind)]), "o.csv").ok
    assert run_import(ContactResource(), csv_bytes([contact_row(world.org_a, 1, duty=duty, slot="B")]), "c.csv").ok
    assert Organisation.objects.get(credit_code=code(1)).kind == "property_insurer"
    assert ContactPerson.objects.filter(organisation=world.org_a, duty="disaster", slot="B").exists()


def test_contact_choices_take_labels(world):
    rows = [contact_row(world.org_a, 1, duty="Disaster handling", slot="B (back-up)")]
    assert run_import(ContactResource(), csv_bytes(rows), "c.csv").ok
    assert ContactPerson.objects.filter(organisation=world.org_a, duty="disaster", slot="B").exists()


@pytest.mark.parametrize("value", ["2024-03-01", "2024/3/1", "2024年3月1日", dt.date(2024, 3, 1)])
def test_dates_in_every_format(world, value):
    rows = [org_row(1, joined_on=value)]
    data = xlsx_bytes(rows) if isinstance(value, dt.date) else csv_bytes(rows)
    report = run_import(OrganisationResource(), data, "o.xlsx" if isinstance(value, dt.date) else "o.csv")
    assert report.ok, problems(report)
    assert Organisation.objects.get(credit_code=code(1)).joined_on == dt.date(2024, 3, 1)


def test_import_is_audited_by_pghistory(world):
    run_import(OrganisationResource(), csv_bytes([org_row(1)]), "o.csv")
    org = Organisation.objects.get(credit_code=code(1))
    event_model = apps.get_model("association", "OrganisationEvent")
    assert event_model.objects.filter(pgh_obj=org, pgh_label="insert", name=org.name).exists()
    run_import(OrganisationResource(), csv_bytes([org_row(1, short_name="新简称")]), "o.csv")
    assert event_model.objects.filter(pgh_obj=org, pgh_label="update", short_name="新简称").exists()


# --- bad rows: nothing imported, every bad row reported ------------------------------------

ORG_BAD = {
    "check character": ({"credit_code": bad_check(2)}, 3, "credit_code", "check character"),
    "unknown region": ({"region_code": "659999"}, 3, "region_code", "659999"),
    "unknown kind": ({"kind": "bank"}, 3, "kind", "“bank” is not one of"),
    "bad date": ({"joined_on": "2024-13-01"}, 3, "joined_on", "is not a date"),
    "unknown parent": ({"parent_credit_code": code(99)}, 3, "parent_credit_code", code(99)),
    "duplicate": ({"credit_code": code(1)}, 3, "credit_code", "duplicate of line 2"),
    "missing name": ({"name": ""}, 3, "name", ""),
}


@pytest.mark.parametrize("case", list(ORG_BAD))
@pytest.mark.parametrize("filename", ["o.csv", "o.xlsx"])
def test_one_bad_organisation_row_imports_nothing(world, case, filename):
    over, line, column, fragment = ORG_BAD[case]
    rows = [org_row(1), org_row(2, **over), org_row(3)]
    header = [*ORG_HEADER, "parent_credit_code"]
    data = csv_bytes(rows, header) if filename.endswith(".csv") else xlsx_bytes(rows, header)
    before = Organisation.objects.count()
    report = run_import(OrganisationResource(), data, filename)
    assert not report.committed and Organisation.objects.count() == before
    assert [(p.line, p.column) for p in report.problems] == [(line, column)], problems(report)
    assert fragment in report.problems[0].message


CONTACT_BAD = {
    "bad phone": ({"phone": "12345"}, "phone", "mobile number"),
    "bad email": ({"email": "not-an-email"}, "email", "email"),
    "unknown organisation": ({"organisation_credit_code": code(98)}, "organisation_credit_code", code(98)),
    "bad check character": ({"organisation_credit_code": bad_check(97)}, "organisation_credit_code", "no organ"),
    "unknown duty": ({"duty": "catering"}, "duty", "catering"),
    "duplicate": ({"duty": "general", "slot": "a"}, "organisation_credit_code", "duplicate of line 2"),
}


@pytest.mark.parametrize("case", list(CONTACT_BAD))
def test_one_bad_contact_row_imports_nothing(world, case):
    over, column, fragment = CONTACT_BAD[case]
    rows = [contact_row(world.org_a, 1), contact_row(world.org_a, 2, **({"duty": "data"} | over))]
    rows.append(contact_row(world.org_b, 3))
    before = ContactPerson.objects.count()
    report = run_import(ContactResource(), csv_bytes(rows), "c.csv")
    assert not report.committed and ContactPerson.objects.count() == before
    assert [(p.line, p.column) for p in report.problems] == [(3, column)], problems(report)
    assert fragment in report.problems[0].message


def test_every_bad_row_is_listed_with_its_line_in_the_file(world):
    """Blank lines and a quoted field over two lines still give the line numbers the user sees."""
    rows = [org_row(1, address="乌鲁木齐市\n天山区"), org_row(2, region_code="659999"), org_row(3)]
    rows.append(org_row(4, credit_code=bad_check(4), kind="bank"))
    text = csv_bytes(rows, [*ORG_HEADER, "address"]).decode()
    lines = text.splitlines(keepends=True)  # header, row 1 (two lines), row 2, row 3, row 4
    data = "".join([*lines[:4], "\r\n", ",,,\r\n", *lines[4:]]).encode("gbk")
    report = run_import(OrganisationResource(), data, "o.csv")
    assert [(p.line, p.column) for p in report.problems] == [(4, "region_code"), (8, "credit_code"), (8, "kind")]
    assert str(report.problems[0]).startswith("line 4, column region_code: ")
    assert not Organisation.objects.filter(credit_code=code(1)).exists()


@pytest.mark.parametrize("resource,header,drop", [(OrganisationResource, ORG_HEADER, "kind")])
def test_missing_required_column_is_one_clear_error(world, resource, header, drop):
    data = csv_bytes([org_row(1), org_row(2)], [h for h in header if h != drop])
    report = run_import(resource(), data, "o.csv")
    assert problems(report) == [(1, "kind", "required column is missing")]
    assert not Organisation.objects.filter(credit_code=code(1)).exists()


def test_missing_contact_columns(world):
    data = csv_bytes([contact_row(world.org_a, 1)], ["organisation_credit_code", "duty", "slot", "name"])
    report = run_import(ContactResource(), data, "c.csv")
    assert [(p.line, p.column) for p in report.problems] == [(1, "email"), (1, "phone")]


# --- bad files ----------------------------------------------------------------------------

BAD_FILES = {
    "empty": ("o.csv", b"", "empty"),
    "header only": ("o.csv", ",".join(ORG_HEADER).encode(), "no data rows"),
    "binary as csv": ("o.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "xlsx as csv": ("o.csv", None, "xlsx"),
    "corrupt xlsx": ("o.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50, "damaged"),
    "text as xlsx": ("o.xlsx", b"credit_code,name\n1,2\n", "not an .xlsx"),
    "11 MB": ("o.csv", None, "larger than 10 MB"),
    "header twice": ("o.csv", b"credit_code,name,name\n1,2,3\n", "line 1: column \u201cname\u201d appears twice"),
    "value without header": ("o.csv", b"credit_code,name\n\n1,2,3\n", "line 3: column 3 has a value but no header"),
}


def bad_file(case):
    name, data, fragment = BAD_FILES[case]
    if case == "xlsx as csv":
        data = xlsx_bytes([org_row(1)])
    elif case == "11 MB":
        line = ",".join(org_row(1).values()).encode() + b"\n"
        data = ",".join(ORG_HEADER).encode() + b"\n" + line * (11 * 2**20 // len(line) + 1)
    return name, data, fragment


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_clearly(world, case):
    name, data, fragment = bad_file(case)
    before = Organisation.objects.count()
    with pytest.raises(ImportFileError, match=re.escape(fragment)):
        run_import(OrganisationResource(), data, name)
    assert Organisation.objects.count() == before


# --- the management command ---------------------------------------------------------------


def test_command_reports_bad_rows_and_imports_nothing(world, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_bytes([org_row(1), org_row(2, credit_code=bad_check(2)), org_row(3, region_code="1")], None))
    stderr, before = io.StringIO(), Organisation.objects.count()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_records", "organisations", str(path), stderr=stderr)
    assert Organisation.objects.count() == before
    lines = stderr.getvalue().splitlines()
    assert lines[0].startswith("orgs.csv: line 3, column credit_code: ") and "check character" in lines[0]
    assert lines[1].startswith("orgs.csv: line 4, column region_code: no region")


def test_command_imports_good_file_and_dry_run_saves_nothing(world, tmp_path):
    path = tmp_path / "contacts.xlsx"
    path.write_bytes(xlsx_bytes([contact_row(world.org_a, 1), contact_row(world.org_b, 2)]))
    before, out = ContactPerson.objects.count(), io.StringIO()
    call_command("import_records", "contacts", str(path), "--dry-run", stdout=out)
    assert "2 new" in out.getvalue() and ContactPerson.objects.count() == before
    call_command("import_records", "contacts", str(path), stdout=out)
    assert ContactPerson.objects.count() == before + 2


@pytest.mark.parametrize("case", ["empty", "binary as csv", "corrupt xlsx", "11 MB"])
def test_command_refuses_bad_files(world, tmp_path, case):
    name, data, fragment = bad_file(case)
    (tmp_path / name).write_bytes(data)
    with pytest.raises(CommandError, match=re.escape(fragment)):
        call_command("import_records", "organisations", str(tmp_path / name))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_records", "organisations", str(tmp_path / "missing.csv"))


# --- the admin ----------------------------------------------------------------------------


@pytest.fixture
def staff(client, world):
    client = client_for(client, world.users["staff"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def admin_import(client, url, name, data, fmt=None):
    fmt = fmt if fmt is not None else ("1" if name.endswith(".xlsx") else "0")
    upload = SimpleUploadedFile(name, data)
    return client.post(url + "import/", {"resource": "0", "format": fmt, "import_file": upload})


def test_admin_import_page_lists_bad_rows_with_file_lines(staff):
    rows = [org_row(1), org_row(2, credit_code=bad_check(2)), org_row(3), org_row(4, region_code="659999")]
    before = Organisation.objects.count()
    response = admin_import(staff, ORG_URL, "orgs.csv", csv_bytes(rows, encoding="gbk"))
    assert response.status_code == 200 and "confirm_form" not in response.context
    html = response.content.decode()
    assert re.findall(r'<td class="import-line">(\d+)</td>', html) == ["3", "5"]
    assert "check character" in html and "no region with code" in html and "Nothing was imported" in html
    assert '<span class="validation-error-field-label">region_code</span>' in html
    assert Organisation.objects.count() == before


def test_admin_import_missing_column_and_duplicate(staff, world):
    response = admin_import(staff, ORG_URL, "o.csv", csv_bytes([org_row(1)], ["credit_code", "name", "tier"]))
    html = response.content.decode()
    assert response.status_code == 200 and "Missing columns in the header row: kind" in html
    assert "Traceback" not in html
    rows = [contact_row(world.org_a, 1), contact_row(world.org_b, 2), contact_row(world.org_a, 3)]
    response = admin_import(staff, CONTACT_URL, "c.xlsx", xlsx_bytes(rows))
    html = response.content.decode()
    assert re.findall(r'<td class="import-line">(\d+)</td>', html) == ["4"] and "duplicate of line 2" in html


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_admin_refuses_bad_files_without_500(staff, case):
    name, data, _fragment = bad_file(case)
    before = Organisation.objects.count()
    response = admin_import(staff, ORG_URL, name, data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode() and "confirm_form" not in response.context
    assert Organisation.objects.count() == before


def test_admin_wrong_format_choice_is_an_error(staff):
    response = admin_import(staff, ORG_URL, "o.xlsx", xlsx_bytes([org_row(1)]), fmt="0")
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    response = admin_import(staff, ORG_URL, "o.csv", csv_bytes([org_row(1)]), fmt="1")
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert not Organisation.objects.filter(credit_code=code(1)).exists()


def confirm(client, url, response):
    return client.post(url + "process_import/", response.context["confirm_form"].initial)


@pytest.mark.parametrize("name", ["o.csv", "o.xlsx"])
def test_admin_preview_then_confirm_commits(staff, name):
    data = ENCODINGS["gbk.csv" if name.endswith(".csv") else "excel.xlsx"]([org_row(1), org_row(2)])
    response = admin_import(staff, ORG_URL, name, data)
    assert response.status_code == 200 and "confirm_form" in response.context
    assert not Organisation.objects.filter(credit_code=code(1)).exists()  # the preview saves nothing
    response = confirm(staff, ORG_URL, response)
    assert response.status_code == 302
    assert Organisation.objects.get(credit_code=code(2)).name == "丙2财产保险股份有限公司新疆分公司"


def test_admin_confirm_is_all_or_nothing(staff):
    """A row that became bad between preview and confirm rolls the whole file back."""
    response = admin_import(staff, ORG_URL, "o.csv", csv_bytes([org_row(1), org_row(2)]))
    OrganisationFactory(name=org_row(2)["name"])  # now row 2's name is taken
    confirm(staff, ORG_URL, response)
    assert not Organisation.objects.filter(credit_code__in=[code(1), code(2)]).exists()


def export_fields(resource):
    prefix = resource.__name__.lower()
    return {f"{prefix}_{name}": "on" for name in resource().get_export_order()}


@pytest.mark.parametrize("fmt,name", [("0", "e.csv"), ("1", "e.xlsx")])
def test_admin_export_escapes_formulae_and_reimports_unchanged(staff, world, fmt, name):
    OrganisationFactory(name='=HYPERLINK("http://evil.example","点我")', short_name="+1", parent=None)
    response = staff.post(ORG_URL + "export/", {"format": fmt, "resource": "0", **export_fields(OrganisationResource)})
    assert response.status_code == 200 and response["Content-Disposition"].endswith(name[1:] + '"')
    data = response.content
    if fmt == "0":
        assert data.startswith("\ufeff".encode()) and "'=HYPERLINK(" in data.decode("utf-8-sig")
        assert "\n=" not in data.decode("utf-8-sig").replace('"', "") and "'+1" in data.decode("utf-8-sig")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=")]
        assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    report = run_import(OrganisationResource(), data, name)
    assert report.ok, problems(report)
    assert (report.new, report.updated, report.skipped) == (0, 0, Organisation.objects.count())
    assert Organisation.objects.filter(name__startswith="=HYPERLINK(").count() == 1


@pytest.mark.parametrize("fmt,name", [("0", "e.csv"), ("1", "e.xlsx")])
def test_admin_contact_export_reimports_unchanged(staff, world, fmt, name):
    response = staff.post(CONTACT_URL + "export/", {"format": fmt, "resource": "0", **export_fields(ContactResource)})
    assert response.status_code == 200
    report = run_import(ContactResource(), response.content, name)
    assert report.ok and (report.new, report.updated, report.skipped) == (0, 0, 3), problems(report)


def test_member_company_user_cannot_import_or_export(client, world):
    client = client_for(client, world.users["member_a_manager"])
    before = Organisation.objects.count()
    for url in (ORG_URL, CONTACT_URL):
        assert client.get(url + "import/").status_code == 302
        response = admin_import(client, url, "o.csv", csv_bytes([org_row(1)]))
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
        response = client.post(url + "export/", {"format": "0", "resource": "0"})
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
        assert "Content-Disposition" not in response
    assert Organisation.objects.count() == before


# --- ImportAdminMessagesMixin (for association.admin): an admin site of its own here -------

mixin_site = AdminSite(name="mixadmin")
mixin_site.register(Organisation, type("MixinOrganisationAdmin", (OrganisationAdmin,), {}))
mixin_site.register(User, UserAdmin)  # for the autocomplete of the membership inline (admin checks)
urlpatterns = [path("mixadmin/", mixin_site.urls), *config.urls.urlpatterns]
MIXIN_URL = "/mixadmin/association/organisation/"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("case", [c for c in BAD_FILES if c != "empty"])
def test_mixin_says_why_a_file_cannot_be_read(staff, case):
    name, data, fragment = bad_file(case)
    response = admin_import(staff, MIXIN_URL, name, data)
    assert response.status_code == 200
    assert fragment in response.context["form"].errors["import_file"][0]


@pytest.mark.urls(__name__)
def test_mixin_reports_a_rolled_back_confirm(staff):
    response = admin_import(staff, MIXIN_URL, "o.csv", csv_bytes([org_row(1), org_row(2)]))
    OrganisationFactory(name=org_row(2)["name"])
    response = staff.post(MIXIN_URL + "process_import/", response.context["confirm_form"].initial, follow=True)
    assert response.redirect_chain[-1][0] == MIXIN_URL + "import/"
    texts = [str(m) for m in response.context["messages"]]
    assert texts[0].startswith("line 3, column name: ") and texts[-1] == "Nothing was imported."
    assert not any("Import finished" in t for t in texts)
    assert not Organisation.objects.filter(credit_code__in=[code(1), code(2)]).exists()


def test_the_extra_admin_site_passes_the_system_checks():
    from django.core import checks

    assert [e for e in checks.run_checks() if e.level >= checks.ERROR] == []


@pytest.mark.urls(__name__)
def test_mixin_turns_a_second_confirm_or_forged_format_into_a_message(staff):
    response = admin_import(staff, MIXIN_URL, "o.csv", csv_bytes([org_row(1)]))
    initial = response.context["confirm_form"].initial
    assert staff.post(MIXIN_URL + "process_import/", initial, follow=True).status_code == 200  # reads the messages
    for data, why in [(initial, "no longer available"), ({**initial, "format": "7"}, "Unknown file format")]:
        response = staff.post(MIXIN_URL + "process_import/", data, follow=True)
        assert response.status_code == 200 and response.redirect_chain[-1][0] == MIXIN_URL + "import/"
        texts = [str(m) for m in response.context["messages"]]
        assert why in texts[0] and texts[-1] == "Nothing was imported."
    assert staff.post(MIXIN_URL + "process_import/", {**initial, "format": "x"}).status_code == 302
    assert Organisation.objects.filter(credit_code=code(1)).count() == 1
