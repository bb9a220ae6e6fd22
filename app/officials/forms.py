"""Reading what people send: the official form, and CSV/XLSX files (officials register, LMS export).

Words:
- *table file*: a CSV (comma or semicolon, UTF-8 or Windows-1252) or XLSX (first sheet) whose first
  non-empty line is the header. Rows keep the *line* they came from (line 1 is the header), so that every
  problem can be reported as "line 7, jabatan: ...".
- *problem*: ``(line, field, message)``; field ``""`` means the whole line or file.

The officials register columns (header names in Indonesian or English, case and spaces ignored):

=============  =============================================  ========================================
column         also accepted                                  value
=============  =============================================  ========================================
nama           name, nama_lengkap                             required
jabatan        position                                       code or name (``Sekretaris Desa``, ``Kasi
                                                              Pelayanan``, ``Kadus``...), required
no_sk          nomor_sk, sk_number                            text
tanggal_sk     tgl_sk, sk_date                                ``2024-01-31``, ``31/01/2024``, ``31-01-2024``
email          e_mail, surel, pos_el                          e-mail address
telepon        phone, hp, no_hp, nomor_hp, telp, no_telepon   digits, ``+62`` becomes ``0``
lms_user_id    user_id, id_lms, id_pengguna_lms               text
aktif          active, status_aktif                           ``ya/tidak``, ``1/0``, ``true/false``; empty = ya
nik            —                                              16 digits, optional
=============  =============================================  ========================================

The LMS completion export (from the kabupaten LMS admin): ``email``/``telepon``/``lms_user_id`` (at least
one per row), ``kode_kursus`` (course_code), ``judul_kursus`` (course_title, nama_kursus), ``no_sertifikat``
(certificate_number, nomor_sertifikat), ``tanggal`` (date, tanggal_selesai, completed_at), optional
``status`` (``lulus``/``selesai``/``completed``... counts; ``belum``/``tidak lulus``/``in_progress`` do not).
Other columns of the export are ignored. This module does no database work.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.i18n import _
from app.officials.crypto import nik_problem, normalize_nik
from app.officials.tables import JABATAN

Problem = tuple[int, str, str]


def header_key(name: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name or "").strip().lower()).strip("_")


OFFICIAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "nama": ("nama", "name", "nama_lengkap"),
    "jabatan": ("jabatan", "position"),
    "no_sk": ("no_sk", "nomor_sk", "sk_number", "sk_no"),
    "tanggal_sk": ("tanggal_sk", "tgl_sk", "sk_date"),
    "email": ("email", "e_mail", "surel", "pos_el"),
    "telepon": ("telepon", "phone", "hp", "no_hp", "nomor_hp", "telp", "no_telepon", "nomor_telepon"),
    "lms_user_id": ("lms_user_id", "user_id", "id_lms", "id_pengguna_lms"),
    "aktif": ("aktif", "active", "status_aktif"),
    "nik": ("nik",),
}
# Columns a register may carry that mean nothing here (a running number).
IGNORED_COLUMNS = ("no", "nomor", "no_urut")

LMS_COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e_mail", "surel", "pos_el", "user_email"),
    "telepon": ("telepon", "phone", "hp", "no_hp", "nomor_hp", "telp", "phone_number"),
    "lms_user_id": ("lms_user_id", "user_id", "id_lms", "id_pengguna", "userid"),
    "kode_kursus": ("kode_kursus", "course_code", "kode_pelatihan", "course_id"),
    "judul_kursus": ("judul_kursus", "course_title", "nama_kursus", "course_name", "nama_pelatihan"),
    "no_sertifikat": ("no_sertifikat", "nomor_sertifikat", "certificate_number", "certificate_no"),
    "tanggal": ("tanggal", "date", "tanggal_selesai", "completed_at", "tanggal_sertifikat", "issued_at"),
    "status": ("status", "completion_status", "status_kelulusan"),
}
DONE_STATUSES = {"", "lulus", "selesai", "completed", "complete", "passed", "terbit", "issued", "ya", "1"}
NOT_DONE_STATUSES = {"belum", "belum_selesai", "tidak_lulus", "gagal", "in_progress", "not_completed", "failed",
                     "tidak", "0"}

# Names people write for each jabatan (keys compared after ``header_key``).
JABATAN_ALIASES: dict[str, str] = {
    "sekretaris_desa": "sekretaris_desa", "sekdes": "sekretaris_desa", "carik": "sekretaris_desa",
    "kaur_tu_dan_umum": "kaur_tu_umum", "kaur_tu_umum": "kaur_tu_umum", "kaur_umum": "kaur_tu_umum",
    "kaur_tata_usaha_dan_umum": "kaur_tu_umum", "kepala_urusan_tata_usaha_dan_umum": "kaur_tu_umum",
    "kaur_keuangan": "kaur_keuangan", "kepala_urusan_keuangan": "kaur_keuangan",
    "kaur_perencanaan": "kaur_perencanaan", "kepala_urusan_perencanaan": "kaur_perencanaan",
    "kasi_pemerintahan": "kasi_pemerintahan", "kepala_seksi_pemerintahan": "kasi_pemerintahan",
    "kasi_kesejahteraan": "kasi_kesejahteraan", "kepala_seksi_kesejahteraan": "kasi_kesejahteraan",
    "kasi_kesra": "kasi_kesejahteraan",
    "kasi_pelayanan": "kasi_pelayanan", "kepala_seksi_pelayanan": "kasi_pelayanan",
    "kepala_dusun": "kepala_dusun", "kadus": "kepala_dusun", "kepala_lingkungan": "kepala_dusun",
    "kaling": "kepala_dusun", "kliang": "kepala_dusun", "kelian": "kepala_dusun",
    "staf": "staf", "staff": "staf", "staf_desa": "staf",
}
TRUE_WORDS = {"", "ya", "y", "1", "true", "aktif", "yes", "on"}
FALSE_WORDS = {"tidak", "t", "0", "false", "nonaktif", "tidak_aktif", "no", "off"}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class FileProblem(Exception):
    """The file cannot be read as a table at all."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass
class TableFile:
    """Rows of a table file under canonical column names, and the header problems."""

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _raw_lines(filename: str, content: bytes) -> Iterable[tuple[int, list[str]]]:
    name = filename.lower()
    if name.endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise FileProblem(_("The file is not a readable XLSX workbook.")) from exc
        sheet = book.worksheets[0]
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield index, [_cell(v) for v in values]
        book.close()
        return
    if not name.endswith((".csv", ".txt")) and b"\x00" in content[:1024]:
        raise FileProblem(_("Upload a CSV or XLSX file."))
    text = ""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for values in reader:
            yield reader.line_num, [v.strip() for v in values]
    except csv.Error as exc:
        raise FileProblem(_("The CSV file is malformed near line %(line)d.") % {"line": reader.line_num}) from exc


def read_table(
    filename: str, content: bytes, columns: Mapping[str, tuple[str, ...]], required: Iterable[str],
    *, strict: bool,
) -> TableFile:
    """Rows of ``content`` keyed by canonical column names. ``strict``: an unknown column is a problem."""
    out = TableFile()
    aliases = {alias: canon for canon, names in columns.items() for alias in names}
    header: list[str | None] | None = None
    for line, values in _raw_lines(filename, content):
        if not any(values):
            continue
        if header is None:
            header = []
            seen: set[str] = set()
            for raw in values:
                key = header_key(raw)
                canon = aliases.get(key)
                if canon is None:
                    if strict and key and key not in IGNORED_COLUMNS:
                        out.problems.append((line, "", _("Unknown column “%(name)s”.") % {"name": raw}))
                    header.append(None)
                elif canon in seen:
                    out.problems.append((line, canon, _("The column “%(name)s” appears twice.") % {"name": raw}))
                    header.append(None)
                else:
                    seen.add(canon)
                    header.append(canon)
            out.columns = seen
            for need in required:
                if need not in seen:
                    out.problems.append((line, need, _("The column “%(name)s” is missing.") % {"name": need}))
            continue
        row = dict.fromkeys(columns, "")
        for canon, value in zip(header, values, strict=False):
            if canon:
                row[canon] = value
        out.rows.append(Row(line, row))
    if header is None:
        out.problems.append((1, "", _("The file is empty.")))
    return out


def parse_date(raw: str) -> dt.date | None:
    """``2024-01-31``, ``31/01/2024``, ``31-01-2024`` or ``31.01.2024``; raises ``ValueError`` otherwise."""
    raw = raw.strip()
    if not raw:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}( .*)?|\d{4}-\d{2}-\d{2}T.*", raw):
        return dt.date.fromisoformat(raw[:10])
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", raw)
    if match:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    raise ValueError(raw)


def normalize_phone(raw: str) -> str:
    digits = re.sub(r"[^\d+]", "", raw or "")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62") and len(digits) > 9:
        digits = "0" + digits[2:]
    return digits.replace("+", "")


def parse_jabatan(raw: str) -> str | None:
    key = header_key(raw)
    if key in JABATAN:
        return key
    return JABATAN_ALIASES.get(key)


@dataclass
class OfficialInput:
    """One official as entered, cleaned; ``nik`` is the plain NIK only until the service protects it."""

    name: str = ""
    jabatan: str = ""
    sk_number: str = ""
    sk_date: dt.date | None = None
    email: str = ""
    phone: str = ""
    lms_user_id: str = ""
    active: bool = True
    nik: str = ""


def parse_official(values: Mapping[str, str], line: int = 0, *, nik_required: bool = False) -> tuple[
    OfficialInput, list[Problem]
]:
    """Clean one official (form fields or a register row under the canonical column names)."""
    problems: list[Problem] = []
    out = OfficialInput()
    out.name = " ".join((values.get("nama") or "").split())
    if not out.name:
        problems.append((line, "nama", _("Fill in the name.")))
    elif len(out.name) > 200:
        problems.append((line, "nama", _("The name is too long (at most 200 characters).")))
    raw_jabatan = values.get("jabatan") or ""
    jabatan = parse_jabatan(raw_jabatan)
    if jabatan is None:
        problems.append((line, "jabatan", _("Unknown jabatan “%(value)s”.") % {"value": raw_jabatan}))
    else:
        out.jabatan = jabatan
    out.sk_number = (values.get("no_sk") or "").strip()[:100]
    try:
        out.sk_date = parse_date(values.get("tanggal_sk") or "")
    except ValueError:
        problems.append((line, "tanggal_sk", _("Write the date as 31/01/2024 or 2024-01-31.")))
    out.email = (values.get("email") or "").strip().lower()
    if out.email and not EMAIL_RE.match(out.email):
        problems.append((line, "email", _("“%(value)s” is not an e-mail address.") % {"value": out.email}))
    out.phone = normalize_phone(values.get("telepon") or "")
    if out.phone and not 8 <= len(out.phone) <= 15:
        problems.append((line, "telepon", _("A phone number has 8-15 digits.")))
    out.lms_user_id = (values.get("lms_user_id") or "").strip()[:64]
    active_raw = header_key(values.get("aktif") or "")
    if active_raw in TRUE_WORDS:
        out.active = True
    elif active_raw in FALSE_WORDS:
        out.active = False
    else:
        problems.append((line, "aktif", _("Write “ya” or “tidak”.")))
    nik = normalize_nik(values.get("nik") or "")
    if nik:
        problem = nik_problem(nik)
        if problem:
            problems.append((line, "nik", problem))
        else:
            out.nik = nik
    elif nik_required:
        problems.append((line, "nik", _("Fill in the NIK.")))
    return out, problems


@dataclass(frozen=True)
class CompletionRow:
    """One line of an LMS completion export."""

    line: int
    email: str
    phone: str
    lms_user_id: str
    course_code: str
    course_title: str
    certificate_number: str
    date: dt.date
    done: bool

    def certificate(self) -> dict[str, str]:
        return {
            "course_code": self.course_code,
            "course_title": self.course_title,
            "certificate_number": self.certificate_number,
            "date": self.date.isoformat(),
        }


def parse_completion(row: Row) -> tuple[CompletionRow | None, list[Problem]]:
    v, line = row.values, row.line
    problems: list[Problem] = []
    email = v.get("email", "").strip().lower()
    phone = normalize_phone(v.get("telepon", ""))
    user_id = v.get("lms_user_id", "").strip()
    if not (email or phone or user_id):
        problems.append((line, "email", _("Each line needs an e-mail, phone number or LMS user id.")))
    if not (v.get("kode_kursus") or v.get("judul_kursus")):
        problems.append((line, "kode_kursus", _("Fill in the course code or title.")))
    status = header_key(v.get("status", ""))
    if status not in DONE_STATUSES and status not in NOT_DONE_STATUSES:
        problems.append((line, "status", _("Unknown status “%(value)s”.") % {"value": v.get("status", "")}))
    done = status in DONE_STATUSES
    if done and not v.get("no_sertifikat"):
        problems.append((line, "no_sertifikat", _("Fill in the certificate number.")))
    date: dt.date | None = None
    try:
        date = parse_date(v.get("tanggal", ""))
        if date is None and done:
            problems.append((line, "tanggal", _("Fill in the date.")))
    except ValueError:
        problems.append((line, "tanggal", _("Write the date as 31/01/2024 or 2024-01-31.")))
    if problems:
        return None, problems
    return CompletionRow(
        line, email, phone, user_id, v.get("kode_kursus", ""), v.get("judul_kursus", ""),
        v.get("no_sertifikat", ""), date or dt.date.min, done,
    ), []


# Magic bytes of the evidence files we accept.
EVIDENCE_TYPES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"%PDF-", "application/pdf"))


def evidence_type(content: bytes) -> str | None:
    """The content type told by the file's first bytes (JPEG, PNG, PDF), ``None`` for anything else."""
    for magic, content_type in EVIDENCE_TYPES:
        if content.startswith(magic):
            return content_type
    return None
