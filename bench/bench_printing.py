"""Benchmark of printed documents (issue: printable documents, "Speed").

Prints its figures; it is not a test. Targets:
- a Berita Acara of a 24-village round renders in under 1.5 s;
- a batch of 24 villages x 5 judges of Lembar Penilaian (~40 indicators each), one PDF, under 60 s;
- time outside WeasyPrint's own rendering (data, templates, QR) under 15% of the total.

The batch runs the way the server will run it: in a child process (``render_batch_to_file``);
``--in-process`` renders it in this process instead.

The server section (``bench_printing_server.py``) seeds a SQLite database (the demo competition grown
to ``--villages`` villages, ``--judges`` judges' KLAR sheets submitted, a KLAR catalogue of
``--indicators`` indicators), measures the Berita Acara from the database in this process and through a
running server (uvicorn, one worker, its job runner on), then starts the batch job and, while it runs,
has ``--clients`` sessions ask for the home page, each ``--gap`` seconds after its last answer (4 x 0.25 s:
a busy committee office; 0.05 s saturates a 2-core machine with the benchmark's own client), reporting their
p95 (target < 250 ms).
``--only sections`` picks sections by name (``ba,batch,server``).

    uv run python bench/bench_printing.py [--workers N | --in-process] [--villages 24] [--judges 5]
                                          [--indicators 40] [--repeat 5] [--clients 4] [--gap 0.25] [--only server]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.printing import samples  # noqa: E402
from app.printing.batch import render_batch_to_file  # noqa: E402
from app.printing.render import RenderTimings, WeasyPrintRenderer  # noqa: E402


def _line(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("  OK" if ok else "  MISSED")
    print(f"{name:<52} {value:>12}  {target}{verdict}")


def bench_berita_acara(args: argparse.Namespace, totals: dict[str, float]) -> None:
    renderer = WeasyPrintRenderer()
    renderer.render_document(samples.berita_acara(args.villages))  # warm-up: fonts, template compile
    renderer.timings = RenderTimings()
    runs = []
    data_time = 0.0
    for _ in range(args.repeat):
        start = time.perf_counter()
        doc = samples.berita_acara(args.villages)
        built = time.perf_counter()
        pdf = renderer.render_document(doc)
        runs.append(time.perf_counter() - start)
        data_time += built - start
    t = renderer.timings
    median = statistics.median(runs)
    print(f"\nBerita Acara, {args.villages} villages, {t.pages // args.repeat} pages, {len(pdf):,} bytes")
    _line(f"time per BA (median of {args.repeat})", f"{median:.3f} s", "target < 1.5 s", median < 1.5)
    _line("  max", f"{max(runs):.3f} s")
    _line("  data (view-model build)", f"{data_time / args.repeat:.3f} s")
    _line("  template + QR + context", f"{t.prepare / args.repeat:.3f} s")
    _line("  WeasyPrint layout", f"{t.layout / args.repeat:.3f} s")
    _line("  WeasyPrint PDF write", f"{t.write / args.repeat:.3f} s")
    totals["outside"] += data_time + t.prepare
    totals["weasyprint"] += t.weasyprint


def bench_batch(args: argparse.Namespace, totals: dict[str, float]) -> None:
    start = time.perf_counter()
    docs = [
        samples.score_sheet(v, j, n_indicators=args.indicators)
        for v in range(args.villages)
        for j in range(args.judges)
    ]
    data_time = time.perf_counter() - start
    progress: list[float] = []

    def on_progress(done: int, total: int) -> None:
        progress.append(time.perf_counter())

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "batch.pdf"
        start = time.perf_counter()
        if args.in_process:
            renderer = WeasyPrintRenderer()
            out.write_bytes(renderer.render_batch(docs, on_progress))
            t = renderer.timings
            mode = "in this process"
        else:
            t = asyncio.run(render_batch_to_file(docs, out, on_progress, workers=args.workers))
            mode = f"{args.workers} child process{'es' if args.workers > 1 else ''}"
        elapsed = time.perf_counter() - start
        size = out.stat().st_size
    first = progress[0] - start if progress else float("nan")
    print(
        f"\nBatch of Lembar Penilaian ({mode}): {len(docs)} sheets x {args.indicators} indicators, "
        f"{t.pages} pages, {size:,} bytes"
    )
    _line("batch wall time (incl. process start)", f"{elapsed:.2f} s", "target < 60 s", elapsed < 60)
    _line("  per sheet", f"{elapsed / len(docs):.3f} s")
    _line("  first progress report after", f"{first:.2f} s")
    _line("  data (view-model build)", f"{data_time:.3f} s")
    _line("  template + QR + context", f"{t.prepare:.3f} s")
    _line("  WeasyPrint layout (CPU s, summed over workers)", f"{t.layout:.3f} s")
    _line("  WeasyPrint PDF write", f"{t.write:.3f} s")
    if args.in_process or args.workers == 1:
        _line("  other (process start, transfer, file)", f"{elapsed - t.total:.3f} s")
    totals["outside"] += data_time + t.prepare
    totals["weasyprint"] += t.weasyprint


def bench_server(args: argparse.Namespace, totals: dict[str, float]) -> None:
    from bench.bench_printing_server import run

    run(args, totals, _line)


# Sections run in order.
SECTIONS: dict[str, Callable[[argparse.Namespace, dict[str, float]], None]] = {
    "ba": bench_berita_acara, "batch": bench_batch, "server": bench_server,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--villages", type=int, default=24)
    parser.add_argument("--judges", type=int, default=5)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--in-process", action="store_true", help="render the batch in this process")
    parser.add_argument("--workers", type=int, default=None,
                        help="child processes for the batch (default: the app's, one per core up to 4)")
    parser.add_argument("--clients", type=int, default=4, help="server section: concurrent page clients")
    parser.add_argument("--gap", type=float, default=0.25,
                        help="server section: seconds a client waits after each answer (0.05: saturating load)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections to run: ba,batch,server")
    args = parser.parse_args()
    if args.workers is None:
        from app.printing.jobs import batch_workers

        args.workers = batch_workers()
    totals = {"outside": 0.0, "weasyprint": 0.0}
    for name in args.only.split(","):
        SECTIONS[name.strip()](args, totals)
    share = totals["outside"] / (totals["outside"] + totals["weasyprint"])
    print()
    _line("share of time outside WeasyPrint (all sections)", f"{share:.1%}", "target < 15%", share < 0.15)


if __name__ == "__main__":
    main()
