"""Reading uploaded files: CSV and XLSX tables, YAML documents, logo images.

Words: a *row* is ``(line, cells)`` with the line number as the user sees it in their spreadsheet (the
header is line 1). ``FileProblem`` carries a message (English msgid) for the upload field. Nothing here
touches the database.
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import yaml

from app.i18n import N_

MAX_TABLE_BYTES = 2 * 1024 * 1024
MAX_LOGO_BYTES = 512 * 1024
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}

Row = tuple[int, list[str]]


class FileProblem(Exception):
    """An upload that cannot be read at all; ``message`` is an English msgid."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


MSG_EMPTY = N_("Choose a file to upload.")
MSG_TOO_BIG = N_("The file is too large.")
MSG_TYPE_TABLE = N_("Upload a CSV or XLSX file.")
MSG_TYPE_CATALOGUE = N_("Upload a YAML or XLSX file.")
MSG_BAD_XLSX = N_("The file is not a readable XLSX workbook.")
MSG_BAD_CSV = N_("The file is not a readable CSV file (UTF-8).")
MSG_BAD_YAML = N_("The file is not readable YAML.")
MSG_LOGO = N_("Upload the logo as a PNG or JPEG image of at most 512 KB.")


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def workbook_rows(data: bytes) -> dict[str, list[Row]]:
    """Every sheet of an XLSX workbook as rows (empty rows left out), keyed by lower-case sheet name."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileProblem(MSG_BAD_XLSX) from exc
    try:
        out: dict[str, list[Row]] = {}
        for sheet in book.worksheets:
            rows: list[Row] = []
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if any(cells):
                    rows.append((line, cells))
            out[sheet.title.strip().lower()] = rows
        return out
    finally:
        book.close()


def table_rows(filename: str, data: bytes) -> list[Row]:
    """The rows of an uploaded CSV file or of the first sheet of an XLSX file."""
    if not data:
        raise FileProblem(MSG_EMPTY)
    if len(data) > MAX_TABLE_BYTES:
        raise FileProblem(MSG_TOO_BIG)
    name = filename.lower()
    if is_xlsx(data):
        sheets = workbook_rows(data)
        return next(iter(sheets.values()), [])
    if not name.endswith((".csv", ".txt")):
        raise FileProblem(MSG_TYPE_TABLE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(MSG_BAD_CSV) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    rows: list[Row] = []
    for line, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        cleaned = [c.strip() for c in cells]
        if any(cleaned):
            rows.append((line, cleaned))
    return rows


def yaml_document(data: bytes) -> Any:
    try:
        return yaml.safe_load(data.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FileProblem(MSG_BAD_YAML) from exc


def logo(data: bytes) -> str:
    """The content type of an acceptable logo image; raises ``FileProblem`` otherwise."""
    if len(data) > MAX_LOGO_BYTES:
        raise FileProblem(MSG_LOGO)
    for magic, content_type in LOGO_TYPES.items():
        if data.startswith(magic):
            return content_type
    raise FileProblem(MSG_LOGO)
