"""The ``pdf_batch`` background job: every sheet of a stage as one PDF, kept with the job for download.

Params: ``stage`` (code), ``kind`` (``score``: every submitted Lembar Penilaian; ``blank``: a Lembar
Penilaian Kosong per village), ``public_url`` (for the verification QR of a final competition) and
``form`` (the paper form, see ``assemble.PaperForm``). The database is read here, in the app's process;
WeasyPrint runs in child processes (``batch.render_batch_to_file``) so the server's interpreter stays
free for other requests. Progress is written to the job row at most twice a second.

Worker processes: one per core this process may use, at most four. They run at a lower CPU priority
(``batch.CHILD_NICENESS``), so the server's own requests still come first on every core; memory, not
CPU, is what caps their number. ``PDF_BATCH_WORKERS`` overrides the choice.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.i18n import _
from app.jobs import runner
from app.printing import assemble
from app.printing import models as vm
from app.printing.batch import render_batch_to_file

JOB_KIND = "pdf_batch"
KINDS = ("score", "blank")
REPORT_EVERY = 0.5
MAX_BATCH_WORKERS = 4  # each child holds WeasyPrint and a chunk's layout in memory (a few hundred MB at most)


def batch_workers() -> int:
    configured = os.environ.get("PDF_BATCH_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_BATCH_WORKERS, cores))


async def batch_documents(competition_id: int, params: dict[str, object]) -> Sequence[vm.PrintableDoc]:
    stage = str(params["stage"])
    form = assemble.PaperForm.from_query({k: str(v) for k, v in dict(params.get("form") or {}).items()})  # type: ignore[call-overload]
    if params.get("kind") == "blank":
        return await assemble.blank_sheets(competition_id, stage, form)
    return await assemble.score_sheets(competition_id, stage, str(params.get("public_url") or ""), form)


@runner.handler(JOB_KIND)
async def pdf_batch(ctx: runner.JobContext) -> None:
    if ctx.competition_id is None:
        raise ValueError("a pdf_batch job needs a competition")
    docs = await batch_documents(ctx.competition_id, ctx.params)
    if not docs:
        await ctx.progress(0, 0, _("There is no sheet to print for this stage yet."))
        return
    total = len(docs)
    await ctx.progress(0, total, _("Printing %(count)d sheets…") % {"count": total})
    done = [0]

    def on_progress(count: int, _total: int) -> None:
        done[0] = count

    async def reporter() -> None:
        written = 0
        while True:
            await asyncio.sleep(REPORT_EVERY)
            if done[0] != written:
                written = done[0]
                await ctx.progress(written, total)

    task = asyncio.create_task(reporter())
    try:
        with tempfile.TemporaryDirectory(prefix="ld-batch-") as tmp:
            out = Path(tmp) / "batch.pdf"
            await render_batch_to_file(docs, out, on_progress, workers=batch_workers())
            data = out.read_bytes()
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    stage = str(ctx.params["stage"]).lower()
    name = "lembar-kosong" if ctx.params.get("kind") == "blank" else "lembar-penilaian"
    await ctx.attach(f"{name}-{stage}.pdf", "application/pdf", data)
    await ctx.progress(total, total, _("%(count)d sheets printed in one PDF.") % {"count": total})
