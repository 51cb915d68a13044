"""Certificates of attendance as PDF, with the Chinese font embedded (a TrueType font: reportlab embeds the
subset of glyphs used, so the certificate looks the same on any reader and printer).

The font is ``GOVERNANCE_CERTIFICATE_FONT`` (a .ttf or .ttc path) or the first of the usual system paths that
exists (Debian's ``fonts-wqy-microhei``, which the Dockerfile installs). Without any, the certificate falls
back to reportlab's built-in CID font (not embedded) and says so in the log."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas

from association.deadlines import BEIJING

log = logging.getLogger(__name__)

FONT_NAME = "CertificateCJK"
FALLBACK_FONT = "STSong-Light"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def font_path() -> Path | None:
    configured = getattr(settings, "GOVERNANCE_CERTIFICATE_FONT", "")
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _font() -> str:
    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    path = font_path()
    if path is not None:
        try:
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
            return FONT_NAME
        except Exception:  # a font reportlab cannot read (CFF outlines): fall back
            log.warning("certificate font %s cannot be embedded; using %s", path, FALLBACK_FONT)
    if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


def certificate_text(*, trainee, training, issuer: str) -> dict:
    """What the certificate says, in the active language (Chinese by default), dates as that language writes
    them (``DATE_FORMAT``)."""
    start = date_format(training.starts_at.astimezone(BEIJING).date(), "DATE_FORMAT")
    return {
        "heading": _("Certificate of training"),
        "lines": [
            _("%(name)s (%(organisation)s):") % {"name": trainee.name, "organisation": trainee.organisation.name},
            _("attended on %(date)s the training organised by %(issuer)s") % {"date": start, "issuer": issuer},
            _("“%(title)s”") % {"title": training.title},
            _("and completed %(hours)s training hours. This is to certify it.") % {"hours": training.hours},
        ],
        "issued_on": date_format(training.ends_at.astimezone(BEIJING).date(), "DATE_FORMAT"),
        "number": _("Certificate number: %(number)s") % {"number": trainee.certificate_number},
    }


def certificate_pdf(*, trainee, training, issuer: str) -> bytes:
    """One A4 landscape page: the trainee, the company, the training, its date and hours, the number."""
    font = _font()
    text = certificate_text(trainee=trainee, training=training, issuer=issuer)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = pdf_canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"{text['heading']} {trainee.certificate_number}")
    pdf.setAuthor(issuer)
    pdf.setStrokeColor(HexColor("#8a6d1d"))
    pdf.setLineWidth(3)
    pdf.rect(30, 30, width - 60, height - 60)
    pdf.setLineWidth(1)
    pdf.rect(40, 40, width - 80, height - 80)
    pdf.setFillColor(HexColor("#8a1d1d"))
    pdf.setFont(font, 40)
    pdf.drawCentredString(width / 2, height - 130, text["heading"])
    pdf.setFillColor(HexColor("#222222"))
    pdf.setFont(font, 18)
    y = height - 210
    for i, line in enumerate(text["lines"]):
        if i == 2:
            pdf.setFont(font, 22)
            pdf.drawCentredString(width / 2, y, line)
            pdf.setFont(font, 18)
        else:
            pdf.drawString(110, y, line) if i == 0 else pdf.drawCentredString(width / 2, y, line)
        y -= 42
    pdf.setFont(font, 14)
    pdf.drawRightString(width - 110, 150, issuer)
    pdf.drawRightString(width - 110, 125, text["issued_on"])
    pdf.setFont(font, 11)
    pdf.drawString(110, 80, text["number"])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
