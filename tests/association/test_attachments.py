"""Attachment validation: real small files of every allowed kind, disguised files, zip bombs."""

import io
import re
import struct
import time
import zipfile
import zlib

import openpyxl
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override
from rest_framework import serializers

from association import attachments
from association.attachments import (
    ALLOWED_KINDS,
    AttachmentField,
    attachment_upload_to,
    detect_kind,
    human_size,
    safe_filename,
    validate_attachment,
)

pytestmark = pytest.mark.usefixtures("english")  # messages are built in the active language

# --- real small files --------------------------------------------------------------------------


def make_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    idat = zlib.compress(b"\x00\x00")  # filter byte + one pixel
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def make_jpeg() -> bytes:
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\xff\xd9"


def _content_types(main_part: str, content_type: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>'
    )


def make_zip(parts: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buf.getvalue()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def make_docx(content_type: str = WORD_MAIN) -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": _content_types("word/document.xml", content_type),
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document><w:body><w:p/></w:body></w:document>",
        }
    )


def make_xlsx_by_hand() -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": _content_types(
                "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
            ),
            "_rels/.rels": "<Relationships/>",
            "xl/workbook.xml": "<workbook/>",
        }
    )


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["机构", "金额"])
    workbook.active.append(["测试保险公司", 100])
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def make_exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


def make_zip_bomb(megabytes: int = 20) -> bytes:
    """A valid-looking xlsx whose one extra part is ``megabytes`` of zeros (about 1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", zipfile.ZipFile(io.BytesIO(make_xlsx())).read("[Content_Types].xml"))
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                part.write(chunk)
    return buf.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")  # browsers' type is ignored


def error_of(uploaded, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        validate_attachment(uploaded, **kwargs)
    return excinfo.value


def message(err: ValidationError) -> str:
    with override("en"):
        return " ".join(err.messages)


# --- accepted ----------------------------------------------------------------------------------


ACCEPTED = [
    ("年报.pdf", make_pdf(), "pdf"),
    ("报告.docx", make_docx(), "docx"),
    ("统计.xlsx", make_xlsx(), "xlsx"),
    ("hand-made.xlsx", make_xlsx_by_hand(), "xlsx"),
    ("photo.jpg", make_jpeg(), "jpg"),
    ("PHOTO.JPEG", make_jpeg(), "jpg"),
    ("screen.png", make_png(), "png"),
    ("no-extension", make_pdf(), "pdf"),
]


@pytest.mark.parametrize(("name", "content", "kind"), ACCEPTED, ids=[case[0] for case in ACCEPTED])
def test_allowed_kinds_are_accepted(name, content, kind):
    uploaded = upload(name, content)
    uploaded.read(3)  # position is kept
    assert validate_attachment(uploaded) == kind
    assert uploaded.tell() == 3
    assert detect_kind(uploaded) == kind
    assert uploaded.tell() == 3


def test_allowed_kinds_describe_themselves():
    assert set(ALLOWED_KINDS) == {"pdf", "docx", "xlsx", "jpg", "png"}
    for kind in ALLOWED_KINDS.values():
        assert kind.extensions[0].startswith(".") and "/" in kind.mime and kind.recognised_by


# --- rejected ----------------------------------------------------------------------------------

NOT_ALLOWED = "is not a PDF, Word (.docx), Excel (.xlsx), JPEG or PNG file"


REJECTED = [
    ("invoice.pdf", make_exe(), "attachment_type_not_allowed", "invoice.pdf " + NOT_ALLOWED),
    ("scan.pdf", make_png(), "attachment_extension_mismatch", "scan.pdf is named .pdf but its content is a PNG image"),
    ("data.xlsx", make_docx(), "attachment_extension_mismatch", "is named .xlsx but its content is a Word (.docx)"),
    ("report.pdf.exe", make_pdf(), "attachment_extension_mismatch", "named .exe but its content is a PDF document"),
    ("archive.docx", make_zip({"readme.txt": "hello"}), "attachment_type_not_allowed", NOT_ALLOWED),
    (
        "macro.docx",
        make_docx("application/vnd.ms-word.document.macroEnabled.main+xml"),
        "attachment_type_not_allowed",
        NOT_ALLOWED,
    ),
    ("broken.docx", make_docx()[:200], "attachment_unsafe_archive", "damaged or unsafe compressed file"),
    ("notes.txt", b"just some text", "attachment_type_not_allowed", NOT_ALLOWED),
    ("fake.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "attachment_type_not_allowed", NOT_ALLOWED),
    ("empty.pdf", b"", "attachment_empty", "empty.pdf is empty"),
]


@pytest.mark.parametrize(("name", "content", "code", "expected"), REJECTED, ids=[case[0] for case in REJECTED])
def test_rejected(name, content, code, expected):
    err = error_of(upload(name, content))
    assert err.code == code
    assert expected in message(err)


def test_zip_bomb_named_xlsx_is_rejected_quickly():
    bomb = make_zip_bomb()
    assert len(bomb) < 100_000
    started = time.monotonic()
    err = error_of(upload("bomb.xlsx", bomb))
    assert time.monotonic() - started < 1
    assert err.code == "attachment_unsafe_archive"
    assert "bomb.xlsx is a damaged or unsafe compressed file" in message(err)
    assert detect_kind(io.BytesIO(bomb)) is None


@pytest.mark.parametrize(("limit", "value"), [("MAX_ZIP_UNCOMPRESSED", 1000), ("MAX_ZIP_ENTRIES", 2)])
def test_zip_limits_on_total_size_and_entries(monkeypatch, limit, value):
    assert validate_attachment(upload("ok.xlsx", make_xlsx())) == "xlsx"
    monkeypatch.setattr(attachments, limit, value)
    assert error_of(upload("ok.xlsx", make_xlsx())).code == "attachment_unsafe_archive"


def test_size_limit_from_settings(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    pdf = make_pdf().ljust(1000, b"\n")
    assert validate_attachment(upload("exact.pdf", pdf)) == "pdf"
    err = error_of(upload("big.pdf", pdf + b"\n"))
    assert err.code == "attachment_too_large"
    assert message(err) == "big.pdf is 1,001 bytes; the limit is 1,000 bytes"


def test_size_limit_default_and_argument(settings):
    del settings.ATTACHMENT_MAX_BYTES  # the default applies when the setting is missing
    big = upload("big.pdf", b"%PDF-1.4\n")
    big.size = 25 * 1024 * 1024  # checked before any content is read
    assert message(error_of(big)) == "big.pdf is 25 MB; the limit is 20 MB"
    assert message(error_of(upload("a.png", make_png()), max_bytes=10)) == "a.png is 67 bytes; the limit is 10 bytes"


def test_allowed_subset():
    with override("en"):
        assert "is not a PDF or PNG file" in message(error_of(upload("a.docx", make_docx()), allowed=("pdf", "png")))
        assert "is not an Excel (.xlsx) file" in message(error_of(upload("a.pdf", make_pdf()), allowed=("xlsx",)))
    with pytest.raises(ValueError):
        validate_attachment(upload("a.pdf", make_pdf()), allowed=("exe",))


def test_human_size():
    assert human_size(1) == "1 byte"
    assert human_size(1536) == "1.5 KB"
    assert human_size(20 * 1024 * 1024) == "20 MB"


# --- names and storage ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("2024年度合规报告.pdf", None, "2024年度合规报告.pdf"),
        ("../../etc/passwd.pdf", None, "passwd.pdf"),
        ("C:\\Users\\张三\\照片.JPG", None, "照片.jpg"),
        ("a\x00b\u202egpj.exe", None, "abgpj.exe"),  # NUL and right-to-left override removed
        ("..", None, "attachment"),
        ('what?<is>"this".pdf', None, "whatisthis.pdf"),
        ("scan", "pdf", "scan.pdf"),
        ("photo.jpeg", "jpg", "photo.jpeg"),
        ("photo.png", "jpg", "photo.png.jpg"),
        ("长" * 300 + ".xlsx", "xlsx", "长" * 95 + ".xlsx"),
    ],
)
def test_safe_filename(name, kind, expected):
    assert safe_filename(name, kind) == expected


def test_upload_to():
    path = attachment_upload_to(None, "../../各地区 统计.xlsx")
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}/各地区 统计\.xlsx", path)
    assert attachment_upload_to(None, "a.pdf") != attachment_upload_to(None, "a.pdf")


class SubmissionForm(forms.Form):
    attachment = AttachmentField()


@pytest.mark.parametrize(
    ("name", "content", "valid"),
    [("公司年报", make_pdf(), True), ("invoice.pdf", make_exe(), False), ("big.pdf", b"%PDF-1.4" * 200, False)],
)
def test_form_field_stores_only_valid_files(settings, tmp_path, name, content, valid):
    settings.ATTACHMENT_MAX_BYTES = 1000
    storage = FileSystemStorage(location=tmp_path)
    form = SubmissionForm(data={}, files={"attachment": upload(name, content)})
    if form.is_valid():  # what a view does
        uploaded = form.cleaned_data["attachment"]
        storage.save(attachment_upload_to(None, uploaded.name), uploaded)
    assert form.is_valid() is valid
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    if valid:
        assert [p.name for p in stored] == ["公司年报.pdf"]
        assert stored[0].read_bytes() == content
        assert form.cleaned_data["attachment"].content_type == "application/pdf"
    else:
        assert stored == []
        with override("en"):
            assert form.errors["attachment"][0].startswith(name + " is ")


def test_form_field_widget_and_required():
    assert 'accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png"' in str(SubmissionForm()["attachment"])
    assert not SubmissionForm(data={}, files={}).is_valid()


class UploadSerializer(serializers.Serializer):
    attachment = serializers.FileField(validators=[validate_attachment])


def test_drf_serializer_uses_validate_attachment():
    assert UploadSerializer(data={"attachment": upload("a.png", make_png())}).is_valid()
    serializer = UploadSerializer(data={"attachment": upload("scan.pdf", make_png())})
    assert not serializer.is_valid()
    with override("en"):
        assert "scan.pdf is named .pdf but its content is a PNG image" in str(serializer.errors["attachment"][0])


def test_too_large_by_a_little_shows_exact_bytes():
    big = upload("big.pdf", b"%PDF-1.4\n")
    big.size = 20 * 1024 * 1024 + 1
    assert message(error_of(big)) == "big.pdf is 20,971,521 bytes; the limit is 20,971,520 bytes"
