"""Berita Acara from the database, through its route: a stage's draft, and the final one with its QR."""

from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from app.results.services import ranking
from tests.conftest import login
from tests.integration.printing import app_scenario
from tests.integration.printing.pdfcheck import assert_in_order, decode_qr, page1_png, page_sizes_pt, pdf_text

F4_PT = (215 / 25.4 * 72, 330 / 25.4 * 72)


def _is_pdf(response: httpx.Response) -> bytes:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response.content


async def test_stage_ba_is_a_draft_with_villages_by_stage_value(
    client: httpx.AsyncClient, demo: dict[str, Any], tmp_path: Path
) -> None:
    s = await app_scenario.submitted(demo)
    await login(client, "panitia")
    pdf = _is_pdf(await client.get(
        f"/competitions/{s.competition_id}/documents/berita-acara.pdf",
        params={"stage": "ADM", "nomor": "573", "tanggal": "2026-11-28", "tempat": "Aula Kantor Dinas PMD"},
    ))
    text = pdf_text(pdf)
    current = await ranking(s.competition_id)
    adm = sorted(current.result.entrants, key=lambda e: (-e.stages["ADM"], current.inputs.entrant(e.entrant).name))
    names = [current.inputs.entrant(e.entrant).name for e in adm]
    assert_in_order(
        text,
        "PEMERINTAH KABUPATEN LOMBOK BARAT",
        "DINAS PEMBERDAYAAN MASYARAKAT DAN DESA",
        "BERITA ACARA",
        "PENILAIAN ADMINISTRASI",
        "LOMBA DESA TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026",
        "NOMOR: 400.10.2.1/573/PD.DPMD",
        "Pada hari ini Sabtu tanggal Dua Puluh Delapan bulan November tahun Dua Ribu Dua Puluh Enam",
        "bertempat di Aula Kantor Dinas PMD",
        "10 (sepuluh) desa",
        "Drs. H. Lalu Muhammad Ikhsan, M.Si.",
        "NIP. 19680411 199303 1 009",
        "(Ketua);",
        "Baiq Nurul Hidayati, S.E.",
        "(Anggota);",
        "Ahmad Zulkarnain, S.Kom.",
        "(Anggota).",
        "memeriksa dan memverifikasi data-data administrasi",
        "Nilai Penilaian Administrasi Peringkat",
        *names,
        "Demikian Berita Acara ini dibuat",
        "Gerung, 28 November 2026",
        "Nama / NIP Jabatan dalam Tim Tanda Tangan",
    )
    # the two strongest villages share rank 1 on the stage value; the engine's value is printed as is
    first = adm[0]
    value = f"{first.stages['ADM']:.2f}".replace(".", ",")
    assert f"{names[0]} " in text
    assert value in text
    assert "1=" in text
    assert "DRAF - BELUM FINAL" in text
    assert decode_qr(page1_png(pdf, tmp_path)) == []
    width, height = page_sizes_pt(pdf)[0]
    assert abs(width - F4_PT[0]) < 1
    assert abs(height - F4_PT[1]) < 1


async def test_final_ba_reads_from_the_snapshot_and_carries_its_qr(
    client: httpx.AsyncClient, demo: dict[str, Any], tmp_path: Path, settings: Any
) -> None:
    s = await app_scenario.submitted(demo)
    await app_scenario.settle_tie(s)
    code = await app_scenario.finalise(s)
    await login(client, "panitia")
    pdf = _is_pdf(await client.get(
        f"/competitions/{s.competition_id}/documents/berita-acara.pdf", params={"tanggal": "2026-12-01"}))
    text = pdf_text(pdf)
    current = await ranking(s.competition_id)
    rows = current.result.entrants
    names = [current.inputs.entrant(e.entrant).name for e in rows]
    # the pleno put the second demo village first
    assert rows[0].entrant == s.codes[1]
    assert_in_order(
        text,
        "BERITA ACARA",
        "PENETAPAN JUARA",
        "NOMOR: 400.10.2.1/........../PD.DPMD",
        "Pada hari ini Selasa tanggal Satu bulan Desember tahun Dua Ribu Dua Puluh Enam",
        "Rapat Pleno Penetapan Juara",
        "No Nama Desa Kecamatan ADM KLAR PAP Nilai Akhir Peringkat Keterangan",
        names[0], "Juara I",
        names[1], "Juara II",
        names[2], "Juara III",
        *names[3:],
        "Keputusan rapat pleno",
        f"Desa {names[0]} pada peringkat 1, Desa {names[1]} pada peringkat 2",
        "Pertimbangan: " + app_scenario.PLENO_REASON,
        "Demikian Berita Acara ini dibuat",
        "TIM PENILAI LOMBA DESA TINGKAT KABUPATEN LOMBOK BARAT TAHUN 2026",
    )
    total = f"{Decimal(rows[0].total):.2f}".replace(".", ",")
    assert total in text
    assert "DRAF" not in text
    snapshot = await app_scenario.finality.current_snapshot(s.competition_id)
    assert snapshot is not None
    assert snapshot["code"] == code
    assert code in text
    assert snapshot["sha256"] in text
    url = f"{settings.public_url}/verifikasi/{code}"
    assert decode_qr(page1_png(pdf, tmp_path)) == [url]


async def test_final_ba_keeps_the_snapshot_numbers_when_rows_change_later(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    """A final document prints the frozen result, not whatever the tables say now."""
    s = await app_scenario.submitted(demo)
    await app_scenario.settle_tie(s)
    await app_scenario.finalise(s)
    from app.results.tables import PlenoDecision

    # someone withdraws the decision behind the app's back: the live ranking changes, the paper must not
    await PlenoDecision.update({PlenoDecision.withdrawn: True}).where(PlenoDecision.competition == s.competition_id)
    await login(client, "panitia")
    text = pdf_text(_is_pdf(await client.get(f"/competitions/{s.competition_id}/documents/berita-acara.pdf")))
    assert "Pertimbangan: " + app_scenario.PLENO_REASON in text
    assert "menunggu pleno" not in text
