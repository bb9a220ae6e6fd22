"""Recap, annexes and sheets from the database through their routes; who may print a sheet; the list API."""

from pathlib import Path
from typing import Any

import httpx

from app.results.services import ranking
from tests.conftest import login
from tests.integration.printing import app_scenario
from tests.integration.printing.pdfcheck import NIK_LIKE, assert_in_order, decode_qr, page1_png, pdf_text


def _pdf(response: httpx.Response) -> bytes:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "application/pdf"
    return response.content


async def test_recap_per_judge_lists_domains_judges_and_stage_order(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    s = await app_scenario.submitted(demo)
    await login(client, "panitia")
    text = pdf_text(_pdf(await client.get(
        f"/competitions/{s.competition_id}/documents/rekapitulasi.pdf", params={"stage": "KLAR", "per_judge": "1"})))
    current = await ranking(s.competition_id)
    klar = sorted(current.result.entrants, key=lambda e: (-e.stages["KLAR"], current.inputs.entrant(e.entrant).name))
    assert_in_order(
        text,
        "REKAPITULASI NILAI", "TAHAP KLARIFIKASI LAPANGAN",
        "No Nama Desa Kecamatan PEM WIL MAS P1 P2 P3 P4 P5 Nilai Tahap Peringkat",
        *[current.inputs.entrant(e.entrant).name for e in klar],
        "PEM = Bidang Pemerintahan", "P1 = Drs. H. Lalu Muhammad Ikhsan, M.Si.", "P5 = Ahmad Zulkarnain, S.Kom.",
        "Ketua Tim Penilai", "Drs. H. Lalu Muhammad Ikhsan, M.Si.",
    )
    third = klar[2]
    assert f"{third.stages['KLAR']:.2f}".replace(".", ",") in text
    assert "DRAF - BELUM FINAL" in text


async def test_annexes_and_sheets_of_a_final_result(
    client: httpx.AsyncClient, demo: dict[str, Any], tmp_path: Path, settings: Any
) -> None:
    s = await app_scenario.submitted(demo)
    await app_scenario.settle_tie(s)
    code = await app_scenario.finalise(s)
    url = f"{settings.public_url}/verifikasi/{code}"
    await login(client, "panitia")
    base = f"/competitions/{s.competition_id}/documents"
    current = await ranking(s.competition_id)
    names = [current.inputs.entrant(e.entrant).name for e in current.result.entrants]

    annex = _pdf(await client.get(base + "/lampiran-keputusan.pdf"))
    assert_in_order(
        pdf_text(annex), "LAMPIRAN KEPUTUSAN BUPATI LOMBOK BARAT", "NOMOR", "TENTANG",
        "PENETAPAN JUARA LOMBA DESA", *[f"Desa {n}" for n in names], "BUPATI LOMBOK BARAT,",
    )
    assert decode_qr(page1_png(annex, tmp_path)) == [url]

    lms = pdf_text(_pdf(await client.get(base + "/lampiran-lms.pdf")))
    assert_in_order(lms, "DAFTAR SERTIFIKAT LMS PAMONG DESA", "No Nama Jabatan Status Sertifikat", "Sekretaris Desa",
                    "Belum dicek")
    assert NIK_LIKE.search(lms) is None
    assert code in lms

    sheet = pdf_text(_pdf(await client.get(base + "/lembar-penilaian.pdf", params={
        "stage": "ADM", "entrant": s.entrant_ids[2], "judge": s.judge_ids["juri2"]})))
    assert_in_order(
        sheet, "LEMBAR PENILAIAN", "Tahap : Penilaian Administrasi", "Nama Penilai : Baiq Nurul Hidayati, S.E.",
        "NIP : 19750322 200003 2 004", "PEM — Bidang Pemerintahan", "PEM.1.1", app_scenario.NOTE[:20],
        "JUMLAH", "Penilai,", "Baiq Nurul Hidayati, S.E.",
    )
    assert code in sheet
    assert "DRAF" not in sheet

    blank = pdf_text(_pdf(await client.get(base + "/lembar-kosong.pdf", params={
        "stage": "KLAR", "entrant": s.entrant_ids[0]})))
    assert_in_order(blank, "LEMBAR PENILAIAN (ISIAN MANUAL)", "Tahap : Klarifikasi Lapangan", "Petunjuk",
                    "Skor (beri tanda X)", "PEM.1.2", "Penilai,")
    assert "DRAF" not in blank


async def test_a_judge_prints_only_their_own_sheet(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    s = await app_scenario.submitted(demo)
    await login(client, "juri2")
    url = f"/competitions/{s.competition_id}/documents/lembar-penilaian.pdf"
    own = {"stage": "KLAR", "entrant": s.entrant_ids[3], "judge": s.judge_ids["juri2"]}
    assert "Baiq Nurul Hidayati" in pdf_text(_pdf(await client.get(url, params=own)))
    other = {**own, "judge": s.judge_ids["juri3"]}
    assert (await client.get(url, params=other)).status_code == 403
    # a sheet of a stage the judge is not assigned to (PAP) is refused even with their own id
    assert (await client.get(url, params={**own, "stage": "PAP"})).status_code == 403
    # the committee's pages and other documents stay closed to judges
    assert (await client.get(f"/competitions/{s.competition_id}/documents")).status_code == 403
    assert (await client.get(f"/competitions/{s.competition_id}/documents/berita-acara.pdf")).status_code == 403


async def test_documents_page_and_api_list_every_document(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    s = await app_scenario.submitted(demo, stages=("ADM",))
    await login(client, "panitia")
    listed = await client.get(f"/api/v1/competitions/{s.competition_id}/documents", params={"nomor": "12"})
    assert listed.status_code == 200
    docs = listed.json()["documents"]
    kinds = [d["kind"] for d in docs]
    assert kinds.count("berita_acara_final") == 1
    assert kinds.count("berita_acara") == 3  # ADM, KLAR, PAP
    assert kinds.count("blank_sheet") == 3 * len(s.entrant_ids)
    assert kinds.count("score_sheet") == 5 * len(s.entrant_ids)  # only ADM was submitted
    ba_klar = next(d for d in docs if d["kind"] == "berita_acara" and d["stage"] == "KLAR")
    assert ba_klar["url"] == f"/competitions/{s.competition_id}/documents/berita-acara.pdf?stage=KLAR&nomor=12"
    sheet = next(d for d in docs if d["kind"] == "score_sheet")
    assert {"stage", "entrant", "judge", "title", "url"} <= set(sheet)
    fetched = await client.get(sheet["url"])
    assert fetched.headers["content-type"] == "application/pdf"
    page = await client.get(f"/competitions/{s.competition_id}/documents", params={"nomor": "12"})
    assert page.status_code == 200
    assert "400.10.2.1/12/PD.DPMD" in page.text
    assert "DRAF - BELUM FINAL" in page.text
    for d in docs:
        assert d["url"].replace("&", "&amp;") in page.text
