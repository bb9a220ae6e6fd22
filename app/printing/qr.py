"""QR codes for verification URLs, made locally with segno (no network, no service).

Error correction M (15% of the symbol may be damaged: a stamp or a fold still scans). The print
size is set by CSS (``QR_SIZE_MM``), at least 25 mm so a 150-dpi scan or a phone camera reads it.
"""

from __future__ import annotations

import io

import segno

QR_SIZE_MM = 28
QR_ERROR = "m"


def qr_svg_data_uri(data: str) -> str:
    """An SVG data URI of the QR code of ``data`` (vector: stays sharp at any print resolution).

    ``border=4`` is the quiet zone the QR standard requires around the symbol.
    """
    qr = segno.make(data, error=QR_ERROR, micro=False)
    return qr.svg_data_uri(scale=1, border=4, omitsize=True, nl=False)


def qr_png(data: str, scale: int = 10) -> bytes:
    """PNG bytes of the QR code of ``data`` (for screens and e-mail; the PDF uses the SVG)."""
    out = io.BytesIO()
    segno.make(data, error=QR_ERROR, micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
