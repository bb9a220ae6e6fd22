"""View-models: the frozen values each printed document renders from.

A view-model holds what the page shows, already decided: names, rounded Decimals, rank labels such
as "2=" (competition ranking, "=" marks a tie), award names. Templates format and lay out; they do
no arithmetic beyond the row sums of a score sheet (kept here as properties). Mapping database rows
into these values is the caller's job (a later phase); nothing here touches a database.

Words:
- Kop: the letterhead of the issuing unit (Dinas PMD), page 1 only.
- Signer: a person who signs: a judge, the ketua or an anggota of the tim penilai, the Bupati.
- Verification: the code, URL and snapshot hash of a *finalised* result; ``None`` makes the
  document a draft, printed with "DRAF - BELUM FINAL" and no QR code.
- Paper: "F4" (folio, 215 x 330 mm, the default for naskah dinas) or "A4" (210 x 297 mm).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Paper = Literal["A4", "F4"]
PAPER_SIZES_MM: dict[str, tuple[int, int]] = {"A4": (210, 297), "F4": (215, 330)}


@dataclass(frozen=True)
class Letterhead:
    """The kop: ``pemerintah`` "PEMERINTAH KABUPATEN LOMBOK BARAT", ``instansi`` "DINAS PEMBERDAYAAN
    MASYARAKAT DAN DESA", address lines (street, phone, e-mail/website), optional logo (black emblem)."""

    pemerintah: str
    instansi: str
    address_lines: tuple[str, ...] = ()
    logo: bytes | None = None
    logo_mime: str = "image/png"

    @property
    def logo_data_uri(self) -> str | None:
        if not self.logo:
            return None
        return f"data:{self.logo_mime};base64,{base64.b64encode(self.logo).decode('ascii')}"


SignerRole = Literal["ketua", "sekretaris", "anggota", "penilai", "mengetahui", "penetap"]


@dataclass(frozen=True)
class Signer:
    """A person who signs. ``name`` with academic titles as they sign (the Bupati signs without);
    ``nip`` the raw 18 digits or None; ``jabatan`` the office held ("Kepala Bidang Pemerintahan Desa");
    ``role`` their part in this document ("ketua" / "anggota" of the tim penilai, "penilai" ...)."""

    name: str
    nip: str | None = None
    jabatan: str = ""
    role: SignerRole = "anggota"
    pangkat: str = ""  # pangkat/golongan, e.g. "Pembina (IV/a)"

    @property
    def role_label(self) -> str:
        return _ROLE_LABELS[self.role]


_ROLE_LABELS = {
    "ketua": "Ketua",
    "sekretaris": "Sekretaris",
    "anggota": "Anggota",
    "penilai": "Penilai",
    "mengetahui": "Mengetahui",
    "penetap": "",
}


@dataclass(frozen=True)
class Verification:
    """Proof that a print matches the published snapshot: short ``code``, the public ``url``
    (``{PUBLIC_URL}/verifikasi/{code}``) encoded in the QR code, and the snapshot's ``sha256`` (hex)."""

    code: str
    url: str
    sha256: str


@dataclass(frozen=True)
class DocumentMeta:
    """What every document carries. ``title`` is the main heading ("BERITA ACARA"), ``subtitle`` the
    following heading lines; ``number`` the official number ("400.10.2.1/573/PD.DPMD", "" when none);
    ``place`` and ``date`` the place-and-date line above the signatures; ``document_id`` a stable id
    printed in the footer of every page."""

    title: str
    document_id: str
    place: str
    date: dt.date
    generated_at: dt.datetime
    paper: Paper = "F4"
    subtitle: tuple[str, ...] = ()
    number: str = ""
    letterhead: Letterhead | None = None
    verification: Verification | None = None
    draft_mark: bool = True  # False for blank forms, which hold no result to be final or not

    @property
    def is_final(self) -> bool:
        return self.verification is not None

    @property
    def show_draft_mark(self) -> bool:
        return self.draft_mark and self.verification is None


# --- scores and rubrics -------------------------------------------------------------------------


@dataclass(frozen=True)
class RubricLevel:
    """One level of an indicator's rubric: ``score`` 3, ``label`` "baik" (or "60-79%")."""

    score: int
    label: str


DEFAULT_RUBRIC: tuple[RubricLevel, ...] = (
    RubricLevel(0, "tidak ada"),
    RubricLevel(1, "minim"),
    RubricLevel(2, "cukup"),
    RubricLevel(3, "baik"),
    RubricLevel(4, "sangat baik"),
)


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator on a sheet; ``value`` None when not (yet) scored; ``note`` the judge's remark."""

    code: str
    name: str
    max: int = 4
    weight: Decimal = Decimal(1)
    value: Decimal | None = None
    note: str = ""
    rubric: tuple[RubricLevel, ...] = DEFAULT_RUBRIC

    @property
    def weighted(self) -> Decimal | None:
        return None if self.value is None else self.value * self.weight


@dataclass(frozen=True)
class AspectGroup:
    code: str
    name: str
    indicators: tuple[IndicatorLine, ...]


@dataclass(frozen=True)
class DomainGroup:
    """A *bidang* (domain) with its aspects, e.g. PEM "Bidang Pemerintahan"."""

    code: str
    name: str
    aspects: tuple[AspectGroup, ...]

    @property
    def indicators(self) -> tuple[IndicatorLine, ...]:
        return tuple(i for a in self.aspects for i in a.indicators)

    @property
    def weighted_total(self) -> Decimal:
        return sum((i.weighted or Decimal(0) for i in self.indicators), Decimal(0))


# --- documents ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreSheetDoc:
    """Lembar Penilaian: one entrant, one stage, one judge, every indicator with value and note."""

    meta: DocumentMeta
    entrant: str  # "Kebon Ayu" (printed as "Desa Kebon Ayu")
    kecamatan: str
    stage_name: str
    judge: Signer
    groups: tuple[DomainGroup, ...]
    version: int = 1
    submitted_at: dt.datetime | None = None
    judge_unit: str = ""  # unsur/OPD of the judge
    rubric_legend: tuple[RubricLevel, ...] = DEFAULT_RUBRIC

    @property
    def weighted_total(self) -> Decimal:
        return sum((g.weighted_total for g in self.groups), Decimal(0))


@dataclass(frozen=True)
class Column:
    """A value column: short ``code`` for the header ("ADM"), ``label`` for the legend."""

    code: str
    label: str


@dataclass(frozen=True)
class RecapRow:
    """One entrant in a Rekapitulasi: values in the order of the doc's domain/judge columns."""

    entrant: str
    kecamatan: str
    domain_values: tuple[Decimal | None, ...]
    stage_value: Decimal | None
    rank_label: str
    judge_values: tuple[Decimal | None, ...] = ()
    total: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class RecapDoc:
    """Rekapitulasi Nilai: one stage, all entrants, ordered by rank; per-judge columns optional."""

    meta: DocumentMeta
    stage_name: str
    domain_columns: tuple[Column, ...]
    rows: tuple[RecapRow, ...]
    judge_columns: tuple[Column, ...] = ()
    show_total: bool = False  # a cumulative total column after the stage value
    signers: tuple[Signer, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BaRow:
    """One ranked village in a Berita Acara: ``values`` per the doc's ``value_columns``."""

    village: str
    kecamatan: str
    total: Decimal | None
    rank_label: str
    award: str = ""
    values: tuple[Decimal | None, ...] = ()


@dataclass(frozen=True)
class PlenoDecision:
    """A decision of the pleno: what it is about, what was decided, and why (*pertimbangan*)."""

    subject: str
    decision: str
    reason: str


@dataclass(frozen=True)
class BeritaAcaraDoc:
    """Berita Acara of one stage (``kind="stage"``) or of the final result (``kind="final"``).

    ``activity`` names what was held ("Penetapan Juara"); ``level_text`` is the competition
    ("Lomba Desa Tingkat Kabupaten Lombok Barat Tahun 2026"); ``venue`` where it was held;
    ``value_columns`` the per-stage columns (final) or () (stage: only ``total_label``)."""

    meta: DocumentMeta
    kind: Literal["stage", "final"]
    activity: str
    level_text: str
    venue: str
    held_on: dt.date
    team: tuple[Signer, ...]
    rows: tuple[BaRow, ...]
    total_label: str = "Nilai Akhir"
    value_columns: tuple[Column, ...] = ()
    sk_reference: str = ""  # "Keputusan Bupati Lombok Barat Nomor ... tentang Pembentukan Tim Penilai ..."
    work_done: str = ""  # the stage-specific sentence of what the team did
    decisions: tuple[PlenoDecision, ...] = ()
    closing: str = (
        "Demikian Berita Acara ini dibuat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya."
    )
    mengetahui: Signer | None = None
    mengetahui_title: str = ""  # "Kepala Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Lombok Barat"


@dataclass(frozen=True)
class AnnexRow:
    village: str
    kecamatan: str
    total: Decimal | None
    rank_label: str
    award: str
    note: str = ""


@dataclass(frozen=True)
class DecisionAnnexDoc:
    """Lampiran Keputusan: the ranked list with awards attached to the SK Bupati penetapan juara.

    ``lampiran_of`` "KEPUTUSAN BUPATI LOMBOK BARAT"; ``sk_number``/``sk_date`` may be blank until the
    SK is numbered; ``about`` the SK's title; ``signer`` the Bupati (no titles, no NIP: Pasal 44)."""

    meta: DocumentMeta
    lampiran_of: str
    about: str
    heading: str
    rows: tuple[AnnexRow, ...]
    signer: Signer
    signer_title: str  # "BUPATI LOMBOK BARAT,"
    sk_number: str = ""
    sk_date: dt.date | None = None
    lampiran_label: str = "LAMPIRAN"


LmsStatus = Literal["verified", "not_found", "error", "pending", "unchecked", "manual"]
LMS_STATUS_LABELS: dict[str, str] = {
    "verified": "Bersertifikat",
    "not_found": "Tidak ditemukan",
    "error": "Gagal dicek",
    "pending": "Tertunda",
    "unchecked": "Belum dicek",
    "manual": "Dilampirkan (manual)",
}
LMS_SOURCE_LABELS: dict[str, str] = {
    "http": "LMS (daring)",
    "import": "Impor berkas",
    "manual": "Manual",
    "": "-",
}


@dataclass(frozen=True)
class LmsOfficial:
    """An active village official and their LMS certificate check. There is deliberately no NIK."""

    name: str
    jabatan: str
    status: LmsStatus
    source: str = ""  # "http" | "import" | "manual" | ""
    checked_at: dt.datetime | None = None

    @property
    def status_label(self) -> str:
        return LMS_STATUS_LABELS[self.status]

    @property
    def source_label(self) -> str:
        return LMS_SOURCE_LABELS.get(self.source, self.source)


@dataclass(frozen=True)
class LmsVillage:
    village: str
    kecamatan: str
    officials: tuple[LmsOfficial, ...]

    @property
    def verified_count(self) -> int:
        return sum(1 for o in self.officials if o.status == "verified")


@dataclass(frozen=True)
class LmsAnnexDoc:
    """Lampiran Sertifikat LMS: per village the active officials, certificate status, source and time."""

    meta: DocumentMeta
    villages: tuple[LmsVillage, ...]
    lampiran_label: str = "LAMPIRAN"
    signers: tuple[Signer, ...] = ()


@dataclass(frozen=True)
class BlankSheetDoc:
    """Lembar Penilaian Kosong: the rubric of every indicator with boxes to tick and to write the
    number, for judges scoring on paper; ``judge`` None leaves the name to be written in."""

    meta: DocumentMeta
    entrant: str
    kecamatan: str
    stage_name: str
    groups: tuple[DomainGroup, ...]
    judge: Signer | None = None
    rubric_legend: tuple[RubricLevel, ...] = DEFAULT_RUBRIC
    instructions: tuple[str, ...] = field(
        default=(
            "Beri tanda silang (X) pada satu kotak skor untuk setiap indikator.",
            "Tulis angka skor yang sama di kotak Nilai dengan huruf cetak yang jelas.",
            "Catatan/bukti ditulis singkat; coretan diparaf oleh penilai.",
        )
    )


PrintableDoc = ScoreSheetDoc | RecapDoc | BeritaAcaraDoc | DecisionAnnexDoc | LmsAnnexDoc | BlankSheetDoc
