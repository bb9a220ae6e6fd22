"""Server section of ``bench_printing.py``: documents from the database, and a batch job while the server
keeps answering other requests. Run through ``bench_printing.py --only server``; prints its figures."""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from _common import login, pct, start_server
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-" + "p" * 40
PASSWORD = "demo-lombadesa"  # the demo accounts' password




def cli(url: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "DATABASE_URL": url})


def klar_catalogue(indicators: int) -> dict[str, Any]:
    """The default catalogue with extra KLAR indicators (in the three domains) up to ``indicators``."""
    import copy

    from app.competitions import catalogue

    cat = copy.deepcopy(catalogue.load_preset()["catalogue"])
    have = sum(1 for d in cat["domains"] for a in d.get("aspects", []) for i in a.get("indicators", [])
               if i["stage"] == "KLAR" and i.get("kind", "judge") == "judge")
    for n in range(max(0, indicators - have)):
        domain = cat["domains"][n % len(cat["domains"])]
        extra = next((a for a in domain["aspects"] if a["code"].endswith(".X")), None)
        if extra is None:
            extra = {"code": f"{domain['code']}.X", "name": "Aspek tambahan (uji)", "indicators": []}
            domain["aspects"].append(extra)
        extra["indicators"].append({
            "code": f"{domain['code']}.X.{len(extra['indicators']) + 1}",
            "name": f"Indikator tambahan {n + 1}: kelengkapan dokumen, pelaksanaan kegiatan dan bukti pendukung",
            "max": 4, "weight": 1 + n % 3, "stage": "KLAR",
        })
    return cat


async def seed(url: str, villages: int, judges: int, indicators: int) -> dict[str, Any]:
    """The demo competition with ``villages`` entrants and ``judges`` judges' KLAR sheets submitted."""
    import hashlib
    import json
    import uuid

    from app import db
    from app.auth.tables import User
    from app.clock import now
    from app.competitions import catalogue
    from app.competitions.tables import Assignment, Competition, Entrant, Indicator, Stage
    from app.demo.seed import KABUPATEN, seed_demo
    from app.judging.tables import Submission
    from app.regions.tables import Region

    engine = db.engine_for_url(url)
    db.bind(engine)
    await db.start(engine)
    try:
        demo = await seed_demo()
        comp_id = demo["competition_id"]
        async with db.write_tx():
            await catalogue.write_version(comp_id, klar_catalogue(indicators), 2, note="bench")
            await Competition.update({Competition.criteria_version: 2}).where(Competition.id == comp_id)
        taken = {e["region"] for e in await Entrant.select(Entrant.region).where(Entrant.competition == comp_id)}
        more = await Region.select(Region.code).where(
            (Region.level == "desa") & Region.code.like(KABUPATEN + ".%")
        ).order_by(Region.code)
        extra = [r["code"] for r in more if r["code"] not in taken][: max(0, villages - len(taken))]
        stage = await Stage.select(Stage.id).where((Stage.competition == comp_id) & (Stage.code == "KLAR")).first()
        assert stage is not None
        judge_rows = await User.select(User.id, User.username).where(User.role == "juri").order_by(User.username)
        judge_rows = judge_rows[:judges]
        entrant_ids = list(demo["entrant_ids"])[:villages]
        for code in extra:
            rows = await Entrant.insert(
                Entrant(competition=comp_id, region=code, created_at=now())
            ).returning(Entrant.id)
            entrant_ids.append(rows[0]["id"])
            await Assignment.insert(*[Assignment(stage=stage["id"], entrant=rows[0]["id"], judge=j["id"],
                                                 created_at=now()) for j in judge_rows])
        codes = [i["code"] for i in await Indicator.select(Indicator.code).where(
            (Indicator.version.number == 2) & (Indicator.version.competition == comp_id)
            & (Indicator.stage_code == "KLAR"))]
        rng = random.Random(2026)
        notes = ("Dokumen lengkap, ditandatangani", "Perlu pemutakhiran data", "Bukti foto kegiatan tersedia", "")
        for e in entrant_ids:
            for j in judge_rows:
                values = {c: str(rng.choice((1, 2, 3, 3, 4))) for c in codes}
                await Submission.insert(Submission(
                    entrant=e, stage=stage["id"], judge=j["id"], version=1, client_uuid=uuid.uuid4(),
                    content_hash=hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest(),
                    values=values, notes={c: rng.choice(notes) for c in codes[:6]}, remark="",
                    submitted_by=j["id"], submitted_at=now(), source="tablet", status="active",
                ))
        return {"competition_id": comp_id, "sheets": len(entrant_ids) * len(judge_rows),
                "villages": len(entrant_ids), "indicators": len(codes)}
    finally:
        await db.stop(engine)


async def in_process(url: str, comp_id: int, repeat: int) -> dict[str, float]:
    """The final-looking BA of the round straight from the database in this process: data vs WeasyPrint."""
    from app import db
    from app.printing import assemble
    from app.printing.render import RenderTimings, WeasyPrintRenderer

    engine = db.engine_for_url(url)
    db.bind(engine)
    await db.start(engine)
    try:
        renderer = WeasyPrintRenderer()
        t0 = time.perf_counter()
        cold_doc = await assemble.berita_acara(comp_id, None, "http://x")  # the ranking computed afresh
        cold = time.perf_counter() - t0
        renderer.render_document(cold_doc)  # warm-up: fonts, templates
        renderer.timings = RenderTimings()
        data, runs = 0.0, []
        for _ in range(repeat):
            t0 = time.perf_counter()
            doc = await assemble.berita_acara(comp_id, None, "http://x")
            t1 = time.perf_counter()
            renderer.render_document(doc)
            runs.append(time.perf_counter() - t0)
            data += t1 - t0
        t0 = time.perf_counter()
        sheets = await assemble.score_sheets(comp_id, "KLAR", "http://x")
        sheets_data = time.perf_counter() - t0
        t = renderer.timings
        return {"median": statistics.median(runs), "data": data / repeat, "cold": cold, "prepare": t.prepare / repeat,
                "weasyprint": t.weasyprint / repeat, "sheets_data": sheets_data, "sheets": len(sheets)}
    finally:
        await db.stop(engine)







async def hammer(base: str, stop: asyncio.Event, out: list[float], statuses: list[int], gap: float) -> None:
    """One committee member's browser: the home page again and again, ``gap`` seconds after each answer."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        await login(http, "panitia")
        await http.get("/")
        while not stop.is_set():
            t0 = time.perf_counter()
            r = await http.get("/")
            out.append((time.perf_counter() - t0) * 1000)
            if os.environ.get("BENCH_TRACE") and out[-1] > 500:
                print(f"  slow home page: {out[-1]:.0f} ms, started at {time.time():.2f}", flush=True)
            statuses.append(r.status_code)
            await asyncio.sleep(gap)  # a person's click rate is far lower; the home page is a busy page


async def measure_quiet(base: str, clients: int, seconds: float, gap: float) -> list[float]:
    stop = asyncio.Event()
    out: list[float] = []
    statuses: list[int] = []
    tasks = [asyncio.create_task(hammer(base, stop, out, statuses, gap)) for _ in range(clients)]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks)
    return out


async def server_run(base: str, comp_id: int, clients: int, repeat: int, gap: float) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        await login(http, "panitia")
        ba_url = f"/competitions/{comp_id}/documents/berita-acara.pdf"
        await http.get(ba_url)  # warm-up: fonts, templates
        ba = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            r = await http.get(ba_url)
            ba.append(time.perf_counter() - t0)
            assert r.headers["content-type"] == "application/pdf", r.status_code
        quiet = await measure_quiet(base, clients, 5, gap)
        page = await http.get(f"/competitions/{comp_id}/documents")
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        stop = asyncio.Event()
        during: list[float] = []
        statuses: list[int] = []
        tasks = [asyncio.create_task(hammer(base, stop, during, statuses, gap)) for _ in range(clients)]
        await asyncio.sleep(1)  # the clients are logged in and busy before the batch starts
        during.clear()
        t0 = time.perf_counter()
        if os.environ.get("BENCH_TRACE"):
            print(f"  batch posted at {time.time():.2f}", flush=True)
        r = await http.post(f"/competitions/{comp_id}/documents/batch", params={"stage": "KLAR", "kind": "score"},
                            data={"_csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303, r.text
        job_id = int(r.headers["location"].split("/")[2].split("?")[0])
        first_progress = None
        while True:
            job = (await http.get(f"/api/v1/jobs/{job_id}")).json()
            if first_progress is None and job["progress_done"]:
                first_progress = time.perf_counter() - t0
            if job["status"] in ("done", "failed"):
                if os.environ.get("BENCH_TRACE"):
                    print(f"  batch done at {time.time():.2f}, progress first seen {first_progress}", flush=True)
                break
            await asyncio.sleep(0.25)
        batch = time.perf_counter() - t0
        stop.set()
        await asyncio.gather(*tasks)
        assert job["status"] == "done", job
        file = await http.get(f"/jobs/{job_id}/file")
        pages = len(PdfReader(io.BytesIO(file.content)).pages)
        return {"ba": ba, "quiet": quiet, "during": during, "batch": batch, "first_progress": first_progress,
                "pages": pages, "bytes": len(file.content), "errors": sum(1 for s in statuses if s != 200),
                "sheets": job["progress_total"]}


def run(args: argparse.Namespace, totals: dict[str, float], line: Callable[..., None]) -> None:
    with tempfile.TemporaryDirectory(prefix="ld-bench-print-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        cli(url, "migrate")
        cli(url, "load-regions", "--prefix", "52")
        t0 = time.perf_counter()
        info = asyncio.run(seed(url, args.villages, args.judges, args.indicators))
        seeded = time.perf_counter() - t0
        local = asyncio.run(in_process(url, info["competition_id"], args.repeat))
        workers = args.workers
        proc, base = start_server(url, 1, {"RUN_JOBS": "1", "PDF_BATCH_WORKERS": str(workers)})
        try:
            res = asyncio.run(server_run(base, info["competition_id"], args.clients, args.repeat, args.gap))
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    print(f"\nServer (SQLite, uvicorn 1 worker, job runner on): {info['villages']} villages, "
          f"{info['sheets']} KLAR sheets x {info['indicators']} indicators (seeded in {seeded:.1f} s)")
    line("BA from the database, in-process (median)", f"{local['median']:.3f} s", "target < 1.5 s",
         local["median"] < 1.5)
    line("  DB reads + scoring + view-model", f"{local['data']:.3f} s")
    line("    the same when the ranking is not cached yet", f"{local['cold']:.3f} s")
    line("  template + QR + context", f"{local['prepare']:.3f} s")
    line("  WeasyPrint", f"{local['weasyprint']:.3f} s")
    ba = statistics.median(res["ba"])
    line(f"BA over HTTP, GET berita-acara.pdf (median of {len(res['ba'])})", f"{ba:.3f} s", "target < 1.5 s",
         ba < 1.5)
    line(f"home page p95, quiet ({args.clients} clients, {args.gap} s apart, n={len(res['quiet'])})",
         f"{pct(res['quiet'], 95):.0f} ms")
    line(f"batch job, {res['sheets']} sheets -> {res['pages']} pages ({workers} child)", f"{res['batch']:.1f} s",
         "target < 60 s", res["batch"] < 60)
    line("  first progress seen after", f"{res['first_progress'] or float('nan'):.1f} s")
    line("  data for the batch (DB -> view-models)", f"{local['sheets_data']:.3f} s")
    p95 = pct(res["during"], 95)
    line(f"home page p95 during the batch (n={len(res['during'])})", f"{p95:.0f} ms", "target < 250 ms", p95 < 250)
    line("  median / max during the batch", f"{statistics.median(res['during']):.0f} / {max(res['during']):.0f} ms")
    line("  non-200 answers", str(res["errors"]))
    totals["outside"] += local["data"] + local["prepare"]
    totals["weasyprint"] += local["weasyprint"]
