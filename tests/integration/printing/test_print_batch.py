"""Batches (one PDF, each sheet numbered on its own), async rendering and the child-process batch."""

import asyncio
from pathlib import Path

import pytest

from app.printing import samples
from app.printing.batch import render_batch_to_file
from app.printing.render import WeasyPrintRenderer, render_async, render_batch_async, render_document_async
from tests.integration.printing.pdfcheck import pdf_pages_text, pdf_text


def _sheets(n: int) -> list:
    return [samples.score_sheet(v, j, n_indicators=12) for v in range(n) for j in range(2)][:n]


def _numbering(pages: list[str]) -> list[tuple[int, int]]:
    found = []
    for text in pages:
        after = text.split("Halaman ")[-1].split()
        found.append((int(after[0]), int(after[2])))
    return found


def test_batch_is_one_pdf_with_per_sheet_numbering_and_progress(renderer: WeasyPrintRenderer) -> None:
    docs = _sheets(3)
    progress: list[tuple[int, int]] = []
    pdf = renderer.render_batch(docs, on_progress=lambda done, total: progress.append((done, total)))
    pages = pdf_pages_text(pdf)
    assert progress == [(1, 3), (2, 3), (3, 3)]
    single = [len(pdf_pages_text(renderer.render_document(d))) for d in docs]
    assert len(pages) == sum(single)
    expected = [(page, count) for count in single for page in range(1, count + 1)]
    assert _numbering(pages) == expected
    text = " ".join(pages)
    starts = [text.find(f"Desa : Desa {d.entrant}") for d in docs]
    assert starts == sorted(starts)
    assert all(s >= 0 for s in starts)


def test_empty_batch_is_refused(renderer: WeasyPrintRenderer) -> None:
    with pytest.raises(ValueError, match="at least one"):
        renderer.render_batch([])


async def test_async_rendering_keeps_the_event_loop_free(renderer: WeasyPrintRenderer) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    doc = samples.berita_acara(24)
    pdf = await render_document_async(renderer, doc)
    task.cancel()
    assert "BERITA ACARA" in pdf_text(pdf)
    assert ticks > 3  # the loop ran while WeasyPrint worked in its thread


async def test_render_async_and_batch_async(renderer: WeasyPrintRenderer) -> None:
    from app.printing.render import document_context

    doc = samples.decision_annex(3)
    pdf = await render_async(renderer, "print/decision_annex.html", document_context(doc))
    assert "DAFTAR JUARA" in pdf_text(pdf)
    batch = await render_batch_async(renderer, _sheets(2))
    assert pdf_text(batch).count("LEMBAR PENILAIAN") == 2


async def test_batch_in_a_child_process_writes_the_file(tmp_path: Path) -> None:
    docs = _sheets(3)
    progress: list[tuple[int, int]] = []
    out = tmp_path / "batch.pdf"
    timings = await render_batch_to_file(docs, out, lambda done, total: progress.append((done, total)))
    assert progress == [(1, 3), (2, 3), (3, 3)]
    assert timings.documents == 3
    assert timings.layout > 0
    text = pdf_text(out.read_bytes())
    assert text.count("LEMBAR PENILAIAN") == 3
    assert not (tmp_path / "batch.pdf.part").exists()


async def test_batch_in_two_child_processes_is_merged_in_order(tmp_path: Path) -> None:
    docs = _sheets(3)
    progress: list[tuple[int, int]] = []
    out = tmp_path / "batch.pdf"
    timings = await render_batch_to_file(
        docs, out, lambda done, total: progress.append((done, total)), workers=2
    )
    assert timings.documents == 3
    assert sorted(progress) == [(1, 3), (2, 3), (3, 3)]
    pages = pdf_pages_text(out.read_bytes())
    text = " ".join(pages)
    starts = [text.find(f"Desa : Desa {d.entrant}") for d in docs]
    assert all(s >= 0 for s in starts)
    assert starts == sorted(starts)
    assert [p for p, _ in _numbering(pages)].count(1) == 3
    assert sorted(tmp_path.iterdir()) == [out]  # noqa: ASYNC240 - a test, nothing else waits on this loop
