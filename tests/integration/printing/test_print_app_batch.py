"""Every sheet of a stage as one PDF: a background job with progress, its file kept for download."""

import re
from typing import Any

import httpx

from app.jobs import runner
from app.jobs.tables import Job
from app.printing import jobs as printing_jobs  # noqa: F401 - registers the pdf_batch handler
from tests.conftest import csrf_from, login
from tests.integration.printing import app_scenario
from tests.integration.printing.pdfcheck import pdf_pages_text


async def _start(client: httpx.AsyncClient, competition_id: int, kind: str, stage: str = "ADM") -> int:
    page = await client.get(f"/competitions/{competition_id}/documents")
    response = await client.post(
        f"/competitions/{competition_id}/documents/batch", params={"stage": stage, "kind": kind},
        data={"_csrf": csrf_from(page.text)}, follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
    match = re.fullmatch(r"/jobs/(\d+)\?back=/competitions/\d+/documents", response.headers["location"])
    assert match, response.headers["location"]
    return int(match.group(1))


async def test_batch_of_score_sheets_is_one_pdf_with_every_sheet(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    s = await app_scenario.submitted(demo, stages=("ADM",))
    await login(client, "panitia")
    job_id = await _start(client, s.competition_id, "score")
    waiting = await client.get(f"/jobs/{job_id}")
    assert waiting.status_code == 200
    assert await runner.run_pending(only=job_id) == 1
    job = await Job.select().where(Job.id == job_id).first()
    assert job is not None
    assert job["status"] == "done", job["message"]
    sheets = 5 * len(s.entrant_ids)
    assert (job["progress_done"], job["progress_total"]) == (sheets, sheets)
    assert job["result_filename"] == "lembar-penilaian-adm.pdf"
    page = await client.get(f"/jobs/{job_id}")
    assert f"/jobs/{job_id}/file" in page.text
    download = await client.get(f"/jobs/{job_id}/file")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    pages = pdf_pages_text(download.content)
    firsts = [p for p in pages if "LEMBAR PENILAIAN" in p]
    assert len(firsts) == sheets
    # ordered by village, then judge: juri1..juri5 under each village
    villages = [re.search(r"Desa : Desa (.+?) Kecamatan", p).group(1) for p in firsts]  # type: ignore[union-attr]
    assert villages == sorted(villages)
    assert len(set(villages)) == len(s.entrant_ids)
    assert all("DRAF - BELUM FINAL" in p for p in pages)


async def test_batch_of_blank_sheets_and_an_empty_stage(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    s = await app_scenario.submitted(demo, stages=("ADM",))
    await login(client, "panitia")
    blank = await _start(client, s.competition_id, "blank", stage="KLAR")
    empty = await _start(client, s.competition_id, "score", stage="PAP")
    assert await runner.run_pending() == 2
    rows = {r["id"]: r for r in await Job.select().where(Job.id.is_in([blank, empty]))}
    assert rows[blank]["status"] == "done"
    file = await client.get(f"/jobs/{blank}/file")
    firsts = [p for p in pdf_pages_text(file.content) if "LEMBAR PENILAIAN (ISIAN MANUAL)" in p]
    assert len(firsts) == len(s.entrant_ids)
    assert rows[empty]["status"] == "done"
    assert rows[empty]["result_filename"] is None or rows[empty]["result_filename"] == ""
    assert "Belum ada lembar" in rows[empty]["message"] or "no sheet" in rows[empty]["message"]
