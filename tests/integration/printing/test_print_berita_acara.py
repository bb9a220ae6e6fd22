"""The Berita Acara: content and order, Indonesian formatting, verification QR, draft mark."""

import dataclasses
from decimal import Decimal
from pathlib import Path

from app.printing import models as vm
from app.printing import samples
from app.printing.render import WeasyPrintRenderer
from tests.integration.printing.pdfcheck import (
    assert_in_order,
    decode_qr,
    page1_png,
    page_sizes_pt,
    pdf_pages_text,
    pdf_text,
)


def test_final_ba_reads_in_the_official_order(renderer: WeasyPrintRenderer) -> None:
    doc = samples.berita_acara(24)
    pdf = renderer.render_document(doc)
    text = pdf_text(pdf)
    first, second = doc.rows[0], doc.rows[1]
    assert_in_order(
        text,
        "PEMERINTAH KABUPATEN LOMBOK BARAT",
        "DINAS PEMBERDAYAAN MASYARAKAT DAN DESA",
        "BERITA ACARA",
        "PENETAPAN JUARA LOMBA DESA",
        "NOMOR: 400.10.2.1/573/PD.DPMD",
        "Pada hari ini Sabtu tanggal Dua Puluh Delapan bulan November tahun Dua Ribu Dua Puluh Enam",
        "Keputusan Bupati Lombok Barat Nomor 188.45/412/DPMD/2026",
        "24 (dua puluh empat) desa",
        # the team, ketua first, NIP grouped 8-6-1-3
        "Drs. H. Lalu Ahmad Zaini, M.Si.",
        "NIP. 19680411 199303 1 009",
        "(Ketua);",
        "Baiq Nurul Aini, S.STP., M.Si.",
        "(Anggota);",
        "Dr. Muhammad Zulkifli, S.T., M.T.",
        "NIP. -",
        "(Anggota).",
        # the ranked results
        "No Nama Desa Kecamatan ADM KLAR PAP Nilai Akhir Peringkat Keterangan",
        f"{first.village} {first.kecamatan}",
        "Juara I",
        f"{second.village}",
        "Juara II",
        "Keputusan rapat pleno",
        "Pertimbangan:",
        "Demikian Berita Acara ini dibuat",
        "Gerung, 28 November 2026",
        "TIM PENILAI LOMBA DESA TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026",
        "Nama / NIP Jabatan dalam Tim Tanda Tangan",
        "Drs. H. Lalu Ahmad Zaini, M.Si.",
        "Ketua",
        "Mengetahui,",
        "H. Lalu Ahmad Fauzi, S.Sos., M.M.",
        "NIP. 19700112 199003 1 004",
    )
    # every village, ranked order kept
    assert_in_order(text, *(r.village for r in doc.rows))


def test_ba_numbers_have_a_decimal_comma_and_ties_show(renderer: WeasyPrintRenderer) -> None:
    base = samples.berita_acara(3)
    rows = (
        vm.BaRow(
            "Kebon Ayu", "Gerung", Decimal("84.33"), "1", "Juara I", (Decimal("80.5"), Decimal("88.25"), None)
        ),
        vm.BaRow("Sesaot", "Narmada", Decimal("1406.38"), "2=", "Juara II", (None, None, None)),
        vm.BaRow("Lingsar", "Lingsar", Decimal("1406.38"), "2=", "Juara II", (None, None, None)),
    )
    text = pdf_text(renderer.render_document(dataclasses.replace(base, rows=rows)))
    assert_in_order(
        text, "Kebon Ayu Gerung 80,50 88,25 - 84,33 1 Juara I", "Sesaot", "1.406,38 2=", "Lingsar"
    )
    assert "84.33" not in text
    assert "3 (tiga) desa" in text


def test_every_page_says_halaman_x_dari_y_and_carries_the_footer(renderer: WeasyPrintRenderer) -> None:
    doc = samples.berita_acara(24)
    pages = pdf_pages_text(renderer.render_document(doc))
    assert len(pages) >= 2
    code = doc.meta.verification.code  # type: ignore[union-attr]
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text
        assert code in text
        assert "BA-2026-LOBAR-FINAL" in text
        assert "DRAF" not in text


def test_final_ba_qr_decodes_to_the_verification_url(renderer: WeasyPrintRenderer, tmp_path: Path) -> None:
    doc = samples.berita_acara(24)
    pdf = renderer.render_document(doc)
    verification = doc.meta.verification
    assert verification is not None
    assert decode_qr(page1_png(pdf, tmp_path)) == [f"{samples.PUBLIC_URL}/verifikasi/{verification.code}"]
    first_page = pdf_pages_text(pdf)[0]
    assert verification.sha256 in first_page
    assert verification.url in first_page


def test_draft_ba_is_marked_and_has_no_qr(renderer: WeasyPrintRenderer, tmp_path: Path) -> None:
    pdf = renderer.render_document(samples.berita_acara(24, final=False))
    pages = pdf_pages_text(pdf)
    for text in pages:
        assert "DRAF - BELUM FINAL" in text
        assert "verifikasi/" not in text
    assert decode_qr(page1_png(pdf, tmp_path)) == []


def test_paper_f4_and_a4(renderer: WeasyPrintRenderer) -> None:
    f4 = page_sizes_pt(renderer.render_document(samples.berita_acara(5, paper="F4")))
    a4 = page_sizes_pt(renderer.render_document(samples.berita_acara(5, paper="A4")))
    for width, height in f4:
        assert abs(width - 609.45) < 0.5
        assert abs(height - 935.43) < 0.5
    for width, height in a4:
        assert abs(width - 595.28) < 0.5
        assert abs(height - 841.89) < 0.5


def test_stage_ba_has_only_the_stage_value_column(renderer: WeasyPrintRenderer) -> None:
    final = samples.berita_acara(4)
    stage_rows = tuple(dataclasses.replace(r, values=(), award="") for r in final.rows)
    doc = dataclasses.replace(
        final,
        kind="stage",
        activity="Klarifikasi Lapangan",
        rows=stage_rows,
        value_columns=(),
        total_label="Nilai Klarifikasi Lapangan",
        decisions=(),
        mengetahui=None,
    )
    text = pdf_text(renderer.render_document(doc))
    assert_in_order(
        text,
        "telah melaksanakan Klarifikasi Lapangan",
        "No Nama Desa Kecamatan Nilai Klarifikasi Lapangan Peringkat Keterangan",
        "Demikian Berita Acara",
    )
    assert "ADM" not in text
    assert "Mengetahui" not in text
