"""Validation of uploaded attachments (obligation submissions, evidence files, photos).

Files are recognised by their content, never by their name: PDF, Word (.docx), Excel (.xlsx),
JPEG and PNG. OOXML files are ZIP archives; they are inspected from the central directory with
limits on entries and unpacked size (zip bombs), and only ``[Content_Types].xml`` is read, with
a bounded read. A name whose extension disagrees with the content (an .exe renamed .pdf, a PNG
named .pdf) is rejected. Pure Python: no libmagic, no Pillow.

Forms use :class:`AttachmentField`; DRF serializers can pass :func:`validate_attachment` as a
validator (``serializers.FileField(validators=[validate_attachment])``): DRF turns Django's
``ValidationError`` into its own. Store with ``FileField(upload_to=attachment_upload_to,
max_length=255)``.
"""

import os
import struct
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_ALLOWED = ("pdf", "docx", "xlsx", "jpg", "png")
HEADER_BYTES = 64

# ZIP (OOXML) safety limits, checked on the central directory before anything is unpacked.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100  # per entry, for entries over ZIP_RATIO_GRACE (as Apache POI does)
ZIP_RATIO_GRACE = 1024 * 1024
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

MAX_NAME_LENGTH = 100  # characters, extension included
_FORBIDDEN_NAME_CHARS = set('<>:"/\\|?*')


class _UnsafeArchive(Exception):
    """A ZIP whose declared contents are too big, too many or malformed."""


@dataclass(frozen=True)
class AttachmentKind:
    key: str
    extensions: tuple[str, ...]  # the first is canonical
    mime: str
    label: str  # in the list of allowed types: "PDF", "Excel (.xlsx)"
    content_label: str  # in the mismatch message: "a PDF document", "a PNG image"
    recognised_by: str
    an: bool = False  # English article for the "is not a ... file" message


def _is_pdf(head: bytes) -> bool:
    return head.startswith(b"%PDF-") and head[5:6].isdigit()


def _is_png(head: bytes) -> bool:
    # signature, then the IHDR chunk: length 13, type, width and height > 0, matching CRC
    if not head.startswith(b"\x89PNG\r\n\x1a\n") or len(head) < 33 or head[8:16] != b"\x00\x00\x00\x0dIHDR":
        return False
    width, height = struct.unpack(">II", head[16:24])
    return width > 0 and height > 0 and zlib.crc32(head[12:29]) == struct.unpack(">I", head[29:33])[0]


def _is_jpeg(head: bytes) -> bool:
    # SOI marker followed by the start of another marker (APPn, DQT, SOF, COM, ...)
    return head.startswith(b"\xff\xd8\xff") and len(head) > 3 and 0xC0 <= head[3] <= 0xFE


ALLOWED_KINDS: dict[str, AttachmentKind] = {
    k.key: k
    for k in (
        AttachmentKind("pdf", (".pdf",), "application/pdf", _("PDF"), _("a PDF document"), "starts with %PDF-"),
        AttachmentKind(
            "docx",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _("Word (.docx)"),
            _("a Word (.docx) document"),
            "ZIP with [Content_Types].xml declaring word/document.xml as a (macro-free) document",
        ),
        AttachmentKind(
            "xlsx",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _("Excel (.xlsx)"),
            _("an Excel (.xlsx) workbook"),
            "ZIP with [Content_Types].xml declaring xl/workbook.xml as a (macro-free) workbook",
            an=True,
        ),
        AttachmentKind(
            "jpg", (".jpg", ".jpeg"), "image/jpeg", _("JPEG"), _("a JPEG image"), "starts with FF D8 FF + marker"
        ),
        AttachmentKind("png", (".png",), "image/png", _("PNG"), _("a PNG image"), "PNG signature + valid IHDR"),
    )
}
_HEADER_CHECKS: dict[str, Callable[[bytes], bool]] = {"pdf": _is_pdf, "png": _is_png, "jpg": _is_jpeg}
# OOXML: (main part, its content type in [Content_Types].xml); macro-enabled variants differ
_OOXML_PARTS = {
    "docx": ("word/document.xml", b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
_KIND_BY_EXTENSION = {ext: k.key for k in ALLOWED_KINDS.values() for ext in k.extensions}


def _ooxml_kind(fileobj) -> str | None:
    """The OOXML kind of a ZIP file, ``None`` if it is some other ZIP; raises ``_UnsafeArchive``."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise _UnsafeArchive("too many entries")
            names = [i.filename for i in infos]
            if len(set(names)) != len(names):
                raise _UnsafeArchive("duplicate entries")
            if sum(i.file_size for i in infos) > MAX_ZIP_UNCOMPRESSED:
                raise _UnsafeArchive("unpacks to too much data")
            for info in infos:
                if info.file_size > ZIP_RATIO_GRACE and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                    raise _UnsafeArchive("absurd compression ratio")
            if "[Content_Types].xml" not in names:
                return None
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(MAX_CONTENT_TYPES_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, ValueError) as exc:
        raise _UnsafeArchive(f"not a readable ZIP: {exc}")
    if len(content_types) > MAX_CONTENT_TYPES_BYTES:
        raise _UnsafeArchive("oversized [Content_Types].xml")
    for kind, (part_name, content_type) in _OOXML_PARTS.items():
        if part_name in names and content_type in content_types:
            return kind
    return None


def _detect(fileobj) -> str | None:
    """Like :func:`detect_kind`, but raises ``_UnsafeArchive`` for dangerous or broken ZIPs."""
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        head = fileobj.read(HEADER_BYTES)
        for kind, check in _HEADER_CHECKS.items():
            if check(head):
                return kind
        if head.startswith(b"PK\x03\x04"):
            fileobj.seek(0)
            return _ooxml_kind(fileobj)
        return None
    finally:
        fileobj.seek(position)


def detect_kind(fileobj) -> str | None:
    """The key in ``ALLOWED_KINDS`` of a file's content, or ``None``; the file position is kept."""
    try:
        return _detect(fileobj)
    except _UnsafeArchive:
        return None


def human_size(n: int, *, exact: bool = False) -> str:
    """``20971520`` -> ``"20 MB"``, ``1536`` -> ``"1.5 KB"``, ``1000`` -> ``"1,000 bytes"``."""
    if n < 1024 or exact:
        return ngettext("%(n)s byte", "%(n)s bytes", n) % {"n": f"{n:,}"}
    value = float(n)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            break
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def _split_extension(name: str) -> tuple[str, str]:
    stem, ext = os.path.splitext(name)
    if not stem or not ext[1:].isascii() or not ext[1:].isalnum() or len(ext) > 11:
        return name, ""
    return stem, ext.lower()


def safe_filename(name: str, kind: str | None = None) -> str:
    """A storable base name: no folders, control or reserved characters, at most ``MAX_NAME_LENGTH``
    characters. Chinese (any letters) are kept. With ``kind`` the extension is made to match it."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C") and c not in _FORBIDDEN_NAME_CHARS)
    name = " ".join(name.split()).strip(" .")  # no leading dots (hidden files, "..") nor odd spacing
    stem, ext = _split_extension(name)
    if kind is not None:
        extensions = ALLOWED_KINDS[kind].extensions
        if ext not in extensions:
            stem, ext = name, extensions[0]
    stem = stem[: MAX_NAME_LENGTH - len(ext)].rstrip(" .") or "attachment"
    return stem + ext


def _file_size(uploaded_file) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is None:
        position = uploaded_file.tell()
        size = uploaded_file.seek(0, os.SEEK_END)
        uploaded_file.seek(position)
    return size


def _not_allowed_message(allowed: Iterable[str]) -> tuple[str, str]:
    kinds = [ALLOWED_KINDS[k] for k in allowed]
    labels = get_text_list([str(k.label) for k in kinds], _("or"))
    if kinds and kinds[0].an:
        return _("%(name)s is not an %(kinds)s file"), labels
    return _("%(name)s is not a %(kinds)s file"), labels


def validate_attachment(uploaded_file, *, allowed: Iterable[str] = DEFAULT_ALLOWED, max_bytes: int | None = None):
    """Check an uploaded file; return its kind (a key of ``ALLOWED_KINDS``) or raise ``ValidationError``.

    The limit is ``max_bytes``, else ``settings.ATTACHMENT_MAX_BYTES`` (default 20 MB). The size is
    checked before any content is read. The file position is left unchanged.
    """
    allowed = tuple(allowed)
    unknown = set(allowed) - ALLOWED_KINDS.keys()
    if unknown:
        raise ValueError(f"unknown attachment kinds: {sorted(unknown)}")
    if max_bytes is None:
        max_bytes = getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)
    display_name = safe_filename(getattr(uploaded_file, "name", "") or "")
    size = _file_size(uploaded_file)
    if size == 0:
        raise ValidationError(_("%(name)s is empty"), code="attachment_empty", params={"name": display_name})
    if size > max_bytes:
        size_text, limit_text = human_size(size), human_size(max_bytes)
        if size_text == limit_text:  # "20 MB; the limit is 20 MB" would not explain anything
            size_text, limit_text = human_size(size, exact=True), human_size(max_bytes, exact=True)
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s"),
            code="attachment_too_large",
            params={"name": display_name, "size": size_text, "limit": limit_text},
        )
    try:
        kind = _detect(uploaded_file)
    except _UnsafeArchive:
        raise ValidationError(
            _("%(name)s is a damaged or unsafe compressed file (too large or too many parts when unpacked)"),
            code="attachment_unsafe_archive",
            params={"name": display_name},
        )
    if kind is None or kind not in allowed:
        message, labels = _not_allowed_message(allowed)
        raise ValidationError(
            message, code="attachment_type_not_allowed", params={"name": display_name, "kinds": labels}
        )
    ext = _split_extension(display_name)[1]
    if ext and ext not in ALLOWED_KINDS[kind].extensions:
        raise ValidationError(
            _("%(name)s is named %(extension)s but its content is %(content)s"),
            code="attachment_extension_mismatch",
            params={"name": display_name, "extension": ext, "content": ALLOWED_KINDS[kind].content_label},
        )
    return kind


class AttachmentField(forms.FileField):
    """A file field that validates with :func:`validate_attachment`. After ``clean`` the file's
    ``name`` is :func:`safe_filename` (with the detected extension), its ``content_type`` the
    detected MIME type and ``attachment_kind`` the detected kind."""

    def __init__(self, *, allowed: Iterable[str] = DEFAULT_ALLOWED, max_bytes: int | None = None, **kwargs):
        self.allowed = tuple(allowed)
        self.max_bytes = max_bytes
        kwargs.setdefault("allow_empty_file", True)  # our message names the file
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.ClearableFileInput):
            attrs.setdefault("accept", ",".join(e for k in self.allowed for e in ALLOWED_KINDS[k].extensions))
        return attrs

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if cleaned and cleaned is data:  # a new upload, not the initial value or "clear"
            kind = validate_attachment(cleaned, allowed=self.allowed, max_bytes=self.max_bytes)
            cleaned.name = safe_filename(cleaned.name, kind)
            cleaned.content_type = ALLOWED_KINDS[kind].mime
            cleaned.attachment_kind = kind
        return cleaned


def attachment_upload_to(instance, filename: str) -> str:
    """``attachments/2025/06/<uuid hex>/<safe name>``: unique folder, original (sanitised) name."""
    return f"attachments/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}/{safe_filename(filename)}"
