"""Render a batch of documents in a child process, reporting progress, into a file.

Why a process: WeasyPrint is mostly pure Python, so a worker *thread* still holds the GIL most of
the time and slows every other request of the server. A child process leaves the server's
interpreter free; it sends ``("progress", done, total)`` messages and one final ``("done", timings)``
or ``("error", text)`` over a queue. The child is started with ``spawn`` (never ``fork`` from a
threaded server).

The caller (a background job, later phase) keeps the file and offers it for download when ready.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import anyio.to_thread

from app.printing import models as vm
from app.printing.render import TEMPLATES_DIR, ProgressCallback, RenderTimings, WeasyPrintRenderer

_POLL_SECONDS = 0.25


class BatchRenderError(RuntimeError):
    """The child process failed; the message carries its error text."""


def _child(templates_dir: str, docs: Sequence[vm.PrintableDoc], out_path: str, messages: Any) -> None:
    try:
        renderer = WeasyPrintRenderer(Path(templates_dir))
        pdf = renderer.render_batch(
            docs, on_progress=lambda done, total: messages.put(("progress", done, total))
        )
        tmp = Path(out_path + ".part")
        tmp.write_bytes(pdf)
        tmp.replace(out_path)  # the file appears whole or not at all
        messages.put(("done", asdict(renderer.timings)))
    except Exception as exc:  # reported to the parent, which raises BatchRenderError
        messages.put(("error", f"{type(exc).__name__}: {exc}"))


async def render_batch_to_file(
    docs: Sequence[vm.PrintableDoc],
    out_path: Path,
    on_progress: ProgressCallback | None = None,
    *,
    templates_dir: Path = TEMPLATES_DIR,
) -> RenderTimings:
    """Render ``docs`` as one PDF at ``out_path`` in a child process; ``on_progress(done, total)`` runs
    in the caller's event loop. Returns the child's timings."""
    if not docs:
        raise ValueError("a batch needs at least one document")
    ctx = multiprocessing.get_context("spawn")
    messages = ctx.Queue()
    process = ctx.Process(
        target=_child, args=(str(templates_dir), list(docs), str(out_path), messages), daemon=True
    )
    process.start()
    try:
        while True:
            try:
                message = await anyio.to_thread.run_sync(messages.get, True, _POLL_SECONDS)
            except queue_module.Empty:
                if not process.is_alive():
                    raise BatchRenderError(f"renderer process exited with code {process.exitcode}") from None
                continue
            if message[0] == "progress":
                if on_progress is not None:
                    on_progress(message[1], message[2])
            elif message[0] == "done":
                return RenderTimings(**message[1])
            else:
                raise BatchRenderError(message[1])
    finally:
        await anyio.to_thread.run_sync(process.join, 10)
        if process.is_alive():
            process.kill()
        messages.close()
