"""The QR code shown at the door (an inline SVG, drawn by segno; nothing leaves the portal)."""

import segno


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=8, border=2)
