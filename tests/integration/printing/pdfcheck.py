"""Checks on rendered PDFs: text, page sizes, page 1 as PNG (pdftoppm), QR decoding (zbarimg)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from pypdf import PdfReader


def pdf_pages_text(pdf: bytes) -> list[str]:
    """Text of each page, whitespace collapsed (line wraps become single spaces)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages_text(pdf))


def assert_in_order(text: str, *parts: str) -> None:
    """Each part occurs in ``text`` after the end of the previous one."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, (
            f"{part!r} not found after position {position}: ...{text[position : position + 200]}"
        )
        position = found + len(part)


def page_sizes_pt(pdf: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def page1_png(pdf: bytes, directory: Path, dpi: int = 150) -> Path:
    """Render page 1 with pdftoppm, as the issue's acceptance test says."""
    src = directory / "doc.pdf"
    src.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            str(src),
            str(directory / "p1"),
        ],
        check=True,
    )
    return directory / "p1.png"


def decode_qr(png: Path) -> list[str]:
    """QR payloads zbarimg finds in the image ([] when none: zbarimg exits with 4)."""
    result = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=False)
    assert result.returncode in (0, 4), result.stderr
    return [line for line in result.stdout.splitlines() if line]


NIK_LIKE = re.compile(r"(?<!\d)\d{16}(?!\d)")
