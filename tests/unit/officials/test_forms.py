"""Reading register and LMS export files, and the LMS rubric (no database)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from openpyxl import Workbook

from app.i18n import current_language
from app.officials import forms
from app.officials.lms_level import lms_level, share_of


@pytest.fixture(autouse=True)
def english() -> object:
    token = current_language.set("en")
    yield
    current_language.reset(token)


def test_csv_with_semicolons_and_indonesian_headers_keeps_lines() -> None:
    content = (
        b"Nama;Jabatan;Nomor SK;Tgl SK;E-mail;No HP;ID LMS;Aktif;NIK\n"
        b"Baiq Safitri;Sekretaris Desa;141/01/2024;31/01/2024;baiq@desa.id;+62 819-1234-5678;u-1;ya;\n"
        b"\n"
        b"Lalu Hakim;Kadus;;;;;;tidak;\n"
    )
    table = forms.read_table("x.csv", content, forms.OFFICIAL_COLUMNS, ("nama", "jabatan"), strict=True)
    assert table.problems == []
    assert [r.line for r in table.rows] == [2, 4]
    first, problems = forms.parse_official(table.rows[0].values, 2)
    assert problems == []
    assert first.jabatan == "sekretaris_desa"
    assert first.sk_date == dt.date(2024, 1, 31)
    assert first.phone == "081912345678"
    second, _ = forms.parse_official(table.rows[1].values, 4)
    assert second.jabatan == "kepala_dusun"
    assert second.active is False


def test_unknown_and_missing_columns_are_problems_on_line_one() -> None:
    table = forms.read_table("x.csv", b"nama,warna\nA,B\n", forms.OFFICIAL_COLUMNS, ("nama", "jabatan"),
                             strict=True)
    fields = {(line, field) for line, field, _ in table.problems}
    assert (1, "") in fields
    assert (1, "jabatan") in fields


def test_xlsx_dates_and_numbers_become_text() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["nama", "jabatan", "tanggal_sk", "telepon"])
    sheet.append(["Siti Aminah", "kasi_pelayanan", dt.datetime(2024, 2, 1), 81912345678])
    buffer = io.BytesIO()
    book.save(buffer)
    table = forms.read_table("r.xlsx", buffer.getvalue(), forms.OFFICIAL_COLUMNS, ("nama",), strict=True)
    item, problems = forms.parse_official(table.rows[0].values, table.rows[0].line)
    assert problems == []
    assert item.sk_date == dt.date(2024, 2, 1)
    assert item.phone == "81912345678"
    assert table.rows[0].line == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"nama": "", "jabatan": "staf"}, "nama"),
        ({"nama": "A", "jabatan": "lurah"}, "jabatan"),
        ({"nama": "A", "jabatan": "staf", "tanggal_sk": "2024/31/01"}, "tanggal_sk"),
        ({"nama": "A", "jabatan": "staf", "email": "not-an-email"}, "email"),
        ({"nama": "A", "jabatan": "staf", "telepon": "123"}, "telepon"),
        ({"nama": "A", "jabatan": "staf", "aktif": "mungkin"}, "aktif"),
        ({"nama": "A", "jabatan": "staf", "nik": "12345"}, "nik"),
    ],
)
def test_row_problems_name_their_field(values: dict[str, str], field: str) -> None:
    _, problems = forms.parse_official(values, 9)
    assert [(line, f) for line, f, _ in problems] == [(9, field)]


def test_completion_rows() -> None:
    row = forms.Row(3, {"email": "A@Desa.id", "telepon": "", "lms_user_id": "", "kode_kursus": "PD-01",
                        "judul_kursus": "", "no_sertifikat": "C-1", "tanggal": "2025-03-01", "status": "Lulus"})
    parsed, problems = forms.parse_completion(row)
    assert problems == []
    assert parsed is not None
    assert parsed.email == "a@desa.id"
    assert parsed.done
    assert parsed.certificate()["date"] == "2025-03-01"
    bad = forms.Row(4, {**row.values, "email": "", "tanggal": "kemarin"})
    parsed, problems = forms.parse_completion(bad)
    assert parsed is None
    assert {f for _, f, _ in problems} == {"email", "tanggal"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\nrest", "image/png"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"GIF89a", None),
        (b"<html>", None),
        (b"", None),
    ],
)
def test_evidence_type_by_magic_bytes(content: bytes, expected: str | None) -> None:
    assert forms.evidence_type(content) == expected


@pytest.mark.parametrize(
    ("verified", "active", "level"),
    [(0, 10, 0), (1, 10, 0), (2, 10, 1), (39, 100, 1), (40, 100, 2), (3, 5, 3), (79, 100, 3), (4, 5, 4),
     (10, 10, 4), (0, 0, 0)],
)
def test_lms_level_rubric(verified: int, active: int, level: int) -> None:
    assert lms_level(share_of(verified, active)) == level


def test_lms_level_custom_thresholds_exact() -> None:
    assert lms_level(Fraction(1, 3), [Decimal("0.3333")]) == 1
    assert lms_level(Fraction(1, 3), [0.5]) == 0
