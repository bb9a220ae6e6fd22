"""Score sheet, recap, Lampiran Keputusan, Lampiran LMS and the blank sheet: content, order, QR, marks."""

import dataclasses
from pathlib import Path

import pytest

from app.printing import models as vm
from app.printing import samples
from app.printing.formatting import fmt_decimal
from app.printing.render import WeasyPrintRenderer
from tests.integration.printing.pdfcheck import (
    NIK_LIKE,
    assert_in_order,
    decode_qr,
    page1_png,
    page_sizes_pt,
    pdf_pages_text,
    pdf_text,
)

FINAL_DOCS = {
    "score_sheet": samples.score_sheet,
    "recap": samples.recap,
    "decision_annex": samples.decision_annex,
    "lms_annex": samples.lms_annex,
}


@pytest.mark.parametrize("kind", sorted(FINAL_DOCS))
def test_final_document_qr_and_page_numbers(renderer: WeasyPrintRenderer, tmp_path: Path, kind: str) -> None:
    doc = FINAL_DOCS[kind]()
    pdf = renderer.render_document(doc)
    pages = pdf_pages_text(pdf)
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text
        assert "DRAF" not in text
    assert decode_qr(page1_png(pdf, tmp_path)) == [doc.meta.verification.url]  # type: ignore[union-attr]
    assert doc.meta.verification.sha256 in pages[0]  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", sorted(FINAL_DOCS))
def test_draft_document_is_marked_without_qr(renderer: WeasyPrintRenderer, tmp_path: Path, kind: str) -> None:
    pdf = renderer.render_document(FINAL_DOCS[kind](final=False))
    for text in pdf_pages_text(pdf):
        assert "DRAF - BELUM FINAL" in text
    assert decode_qr(page1_png(pdf, tmp_path)) == []


def test_score_sheet_content_and_order(renderer: WeasyPrintRenderer) -> None:
    doc = samples.score_sheet(0, 1, n_indicators=40)
    text = pdf_text(renderer.render_document(doc))
    lines = [i for g in doc.groups for i in g.indicators]
    assert len(lines) == 40
    assert_in_order(
        text,
        "PEMERINTAH KABUPATEN LOMBOK BARAT",
        "LEMBAR PENILAIAN",
        "Desa : Desa Kebon Ayu",
        "Kecamatan : Gerung",
        "Tahap : Klarifikasi Lapangan",
        "Nama Penilai : Baiq Nurul Aini, S.STP., M.Si.",
        "NIP : 19820715 200112 2 003",
        "versi 2, 20 November 2026 pukul 16.05 WITA",
        "No Kode Indikator Skor Maks Bobot",
        "PEM — Bidang Pemerintahan",
        *(i.code for i in lines[:5]),
        "Subjumlah Bidang Pemerintahan",
        "WIL — Bidang Kewilayahan",
        "MAS — Bidang Kemasyarakatan",
        f"JUMLAH {fmt_decimal(doc.weighted_total, 0)}",
        "Keterangan skor: 0 = tidak ada",
        "Gerung, 28 November 2026",
        "Penilai,",
        "Baiq Nurul Aini, S.STP., M.Si.",
        "NIP. 19820715 200112 2 003",
    )
    first = lines[0]
    assert f"{first.code} {first.name.split()[0]}" in text
    assert first.note in text


def test_recap_ranked_with_domains_and_judges(renderer: WeasyPrintRenderer) -> None:
    doc = samples.recap(24, per_judge=True)
    text = pdf_text(renderer.render_document(doc))
    assert_in_order(
        text,
        "REKAPITULASI NILAI",
        "TAHAP KLARIFIKASI LAPANGAN",
        "No Nama Desa Kecamatan PEM WIL MAS P1 P2 P3 P4 P5 Nilai Tahap Peringkat",
        *(f"{r.entrant}" for r in doc.rows),
        "PEM = Bidang Pemerintahan",
        "P1 = Drs. H. Lalu Ahmad Zaini, M.Si.",
        "Ketua Tim Penilai,",
    )
    top = doc.rows[0]
    assert f"{fmt_decimal(top.stage_value)} {top.rank_label}" in text
    assert "," in fmt_decimal(top.stage_value)


def test_recap_without_judges_has_no_judge_columns(renderer: WeasyPrintRenderer) -> None:
    text = pdf_text(renderer.render_document(samples.recap(5, per_judge=False)))
    assert "PEM WIL MAS Nilai Tahap Peringkat" in text
    assert "P1" not in text


def test_decision_annex_header_table_and_bupati(renderer: WeasyPrintRenderer) -> None:
    doc = samples.decision_annex(24)
    text = pdf_text(renderer.render_document(doc))
    assert_in_order(
        text,
        "LAMPIRAN KEPUTUSAN BUPATI LOMBOK BARAT",
        "NOMOR : 188.45/530/DPMD/2026",
        "TANGGAL : 3 Desember 2026",
        "TENTANG : PENETAPAN JUARA LOMBA DESA",
        "DAFTAR JUARA LOMBA DESA",
        "No Nama Desa Kecamatan Nilai Akhir Peringkat Predikat Keterangan",
        f"1 Desa {doc.rows[0].village} {doc.rows[0].kecamatan} {fmt_decimal(doc.rows[0].total)} 1 Juara I",
        "Harapan III",
        f"Desa {doc.rows[-1].village}",
        "BUPATI LOMBOK BARAT,",
        "LALU AHMAD ZAINI",
    )
    assert "NIP" not in text  # the Bupati signs without NIP (Permendagri 1/2023 Pasal 44)
    assert "DINAS PEMBERDAYAAN" not in text  # an annex to an SK carries no kop of the Dinas


def test_decision_annex_blank_number_until_the_sk_is_numbered(renderer: WeasyPrintRenderer) -> None:
    doc = dataclasses.replace(samples.decision_annex(3), sk_number="", sk_date=None)
    text = pdf_text(renderer.render_document(doc))
    assert_in_order(text, "NOMOR : ....", "TANGGAL : ....")


def test_lms_annex_lists_officials_and_never_a_nik(renderer: WeasyPrintRenderer) -> None:
    doc = samples.lms_annex(3)
    text = pdf_text(renderer.render_document(doc))
    village = doc.villages[0]
    official = village.officials[0]
    assert_in_order(
        text,
        "LAMPIRAN II",
        "LAMPIRAN SERTIFIKAT LMS PAMONG DESA",
        f"1. Desa {village.village}, Kecamatan {village.kecamatan}",
        f"{village.verified_count} dari {len(village.officials)} perangkat bersertifikat",
        "No Nama Jabatan Status Sertifikat Sumber Waktu Pengecekan",
        f"{official.name} {official.jabatan} {official.status_label}",
        f"2. Desa {doc.villages[1].village}",
        f"3. Desa {doc.villages[2].village}",
    )
    assert "pukul" in text
    assert NIK_LIKE.search(text) is None
    assert not any("nik" in f.name.lower() for f in dataclasses.fields(vm.LmsOfficial))


def test_blank_sheet_has_boxes_rubric_and_no_draft_mark(renderer: WeasyPrintRenderer, tmp_path: Path) -> None:
    doc = samples.blank_sheet(0, paper="A4")
    pdf = renderer.render_document(doc)
    text = pdf_text(pdf)
    lines = [i for g in doc.groups for i in g.indicators]
    assert_in_order(
        text,
        "LEMBAR PENILAIAN (ISIAN MANUAL)",
        "Desa : Desa Kebon Ayu",
        "Nama Penilai : ....",
        "Petunjuk:",
        "Keterangan skor: 0 = tidak ada; 1 = minim; 2 = cukup; 3 = baik; 4 = sangat baik",
        "Skor (beri tanda X) 0 1 2 3 4 Nilai (angka)",
        *(i.code for i in lines),
        "Penilai,",
    )
    assert "DRAF" not in text
    assert decode_qr(page1_png(pdf, tmp_path)) == []
    for width, height in page_sizes_pt(pdf):
        assert (round(width), round(height)) == (595, 842)


def test_blank_sheet_prints_an_indicator_rubric_that_differs(renderer: WeasyPrintRenderer) -> None:
    doc = samples.blank_sheet(0)
    lms_rubric = tuple(
        vm.RubricLevel(s, label) for s, label in enumerate(("<20%", "20-39%", "40-59%", "60-79%", ">=80%"))
    )
    first_group = doc.groups[0]
    first_aspect = first_group.aspects[0]
    special = dataclasses.replace(first_aspect.indicators[0], rubric=lms_rubric)
    aspect = dataclasses.replace(first_aspect, indicators=(special, *first_aspect.indicators[1:]))
    group = dataclasses.replace(first_group, aspects=(aspect, *first_group.aspects[1:]))
    text = pdf_text(renderer.render_document(dataclasses.replace(doc, groups=(group, *doc.groups[1:]))))
    assert "0 = <20%; 1 = 20-39%; 2 = 40-59%; 3 = 60-79%; 4 = >=80%" in text
