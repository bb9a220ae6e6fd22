"""Render a batch of documents in child processes, reporting progress, into one file.

Why processes: WeasyPrint is mostly pure Python, so a worker *thread* still holds the GIL most of
the time and slows every other request of the server. Child processes leave the server's
interpreter free. Each child renders a contiguous chunk of the documents and sends
``("progress", chunk, done)`` messages and one final ``("done", chunk, timings)`` or
``("error", chunk, text)`` over a queue. Children are started with ``spawn`` (never ``fork`` from a
threaded server).

Children lower their own CPU priority (``CHILD_NICENESS``, Unix "nice"): when the server has a
request to answer, the kernel gives it the core first, so a batch may use every core without slowing
the pages. ``workers=1`` needs no merge. With more workers, each chunk is its own PDF and pypdf joins
them in one more child process (fonts are then embedded once per chunk). Each sheet keeps its own
"Halaman x dari y" either way.

The caller (a background job, later phase) keeps the file and offers it for download when ready.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
import time
from collections.abc import Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import anyio.to_thread

from app.printing import models as vm
from app.printing.render import TEMPLATES_DIR, ProgressCallback, RenderTimings, WeasyPrintRenderer

_POLL_SECONDS = 0.25
CHILD_NICENESS = 10  # 0 is the server's priority, 19 the lowest


class BatchRenderError(RuntimeError):
    """A child process failed; the message carries its error text."""


def _lower_priority() -> None:
    if hasattr(os, "nice"):  # Unix
        os.nice(CHILD_NICENESS)


def _child(
    templates_dir: str, chunk: int, docs: Sequence[vm.PrintableDoc], out_path: str, messages: Any
) -> None:
    try:
        _lower_priority()
        renderer = WeasyPrintRenderer(Path(templates_dir))

        def report(done: int, total: int) -> None:
            messages.put(("progress", chunk, done))

        pdf = renderer.render_batch(docs, on_progress=report)
        tmp = Path(out_path + ".part")
        tmp.write_bytes(pdf)
        tmp.replace(out_path)  # the file appears whole or not at all
        messages.put(("done", chunk, asdict(renderer.timings)))
    except Exception as exc:  # reported to the parent, which raises BatchRenderError
        messages.put(("error", chunk, f"{type(exc).__name__}: {exc}"))


def _chunks(docs: Sequence[vm.PrintableDoc], workers: int) -> list[list[vm.PrintableDoc]]:
    size, extra = divmod(len(docs), workers)
    out, start = [], 0
    for i in range(workers):
        end = start + size + (1 if i < extra else 0)
        if end > start:
            out.append(list(docs[start:end]))
        start = end
    return out


def _merge_child(parts: list[str], out_path: str, messages: Any) -> None:
    """The merge in its own low-priority process: pypdf is pure Python and would hold the server's GIL."""
    try:
        _lower_priority()
        messages.put(("merged", -1, _merge([Path(p) for p in parts], Path(out_path))))
    except Exception as exc:
        messages.put(("error", -1, f"{type(exc).__name__}: {exc}"))


def _merge(parts: list[Path], out_path: Path) -> float:
    """Join chunk PDFs in order (pypdf); returns the seconds it took."""
    from pypdf import PdfWriter

    start = time.perf_counter()
    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    tmp = out_path.with_name(out_path.name + ".part")
    with tmp.open("wb") as fh:
        writer.write(fh)
    tmp.replace(out_path)
    for part in parts:
        part.unlink()
    return time.perf_counter() - start


async def render_batch_to_file(
    docs: Sequence[vm.PrintableDoc],
    out_path: Path,
    on_progress: ProgressCallback | None = None,
    *,
    workers: int = 1,
    templates_dir: Path = TEMPLATES_DIR,
) -> RenderTimings:
    """Render ``docs`` as one PDF at ``out_path`` in ``workers`` child processes; ``on_progress(done,
    total)`` runs in the caller's event loop. Returns the children's summed timings (a merge counts
    as PDF writing)."""
    if not docs:
        raise ValueError("a batch needs at least one document")
    chunks = _chunks(docs, max(1, workers))
    targets = (
        [out_path]
        if len(chunks) == 1
        else [out_path.with_name(f"{out_path.name}.{i}") for i in range(len(chunks))]
    )
    ctx = multiprocessing.get_context("spawn")
    messages = ctx.Queue()
    processes = [
        ctx.Process(
            target=_child, args=(str(templates_dir), i, chunk, str(targets[i]), messages), daemon=True
        )
        for i, chunk in enumerate(chunks)
    ]
    for process in processes:
        # In a thread: start() writes the pickled documents into a pipe that the child reads only as it
        # imports WeasyPrint (a second or two), and that write would otherwise stall the event loop.
        await anyio.to_thread.run_sync(process.start)
    done_per_chunk = [0] * len(chunks)
    finished: dict[int, RenderTimings] = {}
    merged: list[float] = []
    needs_merge = len(chunks) > 1
    try:
        while len(finished) < len(chunks) or (needs_merge and not merged):
            if needs_merge and len(finished) == len(chunks) and len(processes) == len(chunks):
                # Every chunk is written: one more process joins them (started once).
                merger = ctx.Process(
                    target=_merge_child, args=([str(t) for t in targets], str(out_path), messages), daemon=True
                )
                await anyio.to_thread.run_sync(merger.start)
                processes.append(merger)
            try:
                message = await anyio.to_thread.run_sync(messages.get, True, _POLL_SECONDS)
            except queue_module.Empty:
                dead = [p for i, p in enumerate(processes) if i not in finished and not p.is_alive()]
                if dead:
                    raise BatchRenderError(f"renderer process exited with code {dead[0].exitcode}") from None
                continue
            kind, chunk = message[0], message[1]
            if kind == "progress":
                done_per_chunk[chunk] = message[2]
                if on_progress is not None:
                    on_progress(sum(done_per_chunk), len(docs))
            elif kind == "done":
                finished[chunk] = RenderTimings(**message[2])
            elif kind == "merged":
                merged.append(message[2])
            else:
                raise BatchRenderError(message[2])
    finally:
        for process in processes:
            await anyio.to_thread.run_sync(process.join, 10)
            if process.is_alive():
                process.kill()
        messages.close()
    total = RenderTimings(
        **{f.name: sum(getattr(t, f.name) for t in finished.values()) for f in fields(RenderTimings)}
    )
    total.write += sum(merged)
    return total
