"""Benchmark: the offline mode (issue 9).

Starts its own server (uvicorn, SQLite, the demo plus 15 more villages so that ``juri1`` has 50 sheets:
25 villages × ADM and KLAR) and prints three figures:

1. first load of a judge's page: bytes on the wire (gzip) of the page and every resource it loads (CSS,
   JS, and the service worker it registers), for the home page and a score sheet;
2. opening a prepared sheet offline: Chromium (Playwright) after "Siapkan offline", network off, the
   navigation's loadEventEnd for 10 different sheets (median and max);
3. a 50-sheet queue synced over loopback: 50 sheets queued offline, then from going online to the
   badge saying nothing waits (and 50 rows in the database).

    uv run python bench/bench_offline.py
"""

from __future__ import annotations

import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer, free_port, make_database  # noqa: E402
from tests.e2e.offline_support import enqueue, login, prepare, sheet_links, wait_badge  # noqa: E402

TARGET_KB, TARGET_OPEN_MS, TARGET_SYNC_S = 50, 300, 10


def add_villages(database_url: str, count: int = 15) -> None:
    """More entrants in the demo competition, assigned to juri1 on ADM and KLAR."""
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as con:
        comp, at = con.execute('SELECT competition, created_at FROM "entrant" LIMIT 1').fetchone()
        regions = [r[0] for r in con.execute(
            'SELECT code FROM "region" WHERE level = ? AND code LIKE ? AND code NOT IN '
            '(SELECT region FROM "entrant") ORDER BY code LIMIT ?', ("desa", "52.01.%", count))]
        judge = con.execute("SELECT id FROM app_user WHERE username = 'juri1'").fetchone()[0]
        stages = [r[0] for r in con.execute(
            "SELECT id FROM stage WHERE competition = ? AND code IN ('ADM', 'KLAR')", (comp,))]
        for code in regions:
            cur = con.execute(
                'INSERT INTO "entrant" (competition, region, eligibility_notes, eligibility, created_at) '
                "VALUES (?, ?, '', '{}', ?)", (comp, code, at))
            for stage in stages:
                con.execute("INSERT INTO assignment (stage, entrant, judge, indicator_groups, created_at) "
                            "VALUES (?, ?, ?, '[]', ?)", (stage, cur.lastrowid, judge, at))


def first_load(server: LiveServer) -> dict[str, tuple[int, int]]:
    """Path → (wire bytes, uncompressed bytes) of the page plus its resources and /sw.js."""
    out = {}
    with httpx.Client(base_url=server.url, headers={"Accept-Encoding": "gzip"}, timeout=10) as http:
        token = re.search(r'name="_csrf" value="([^"]+)"', http.get("/login").text).group(1)  # type: ignore[union-attr]
        http.post("/login", data={"_csrf": token, "username": "juri1", "password": "demo-lombadesa", "next": "/"})
        home = http.get("/")
        sheet = re.search(r'href="(/sheets/\d+/KLAR)"', home.text).group(1)  # type: ignore[union-attr]
        for path in ("/", sheet):
            page = http.get(path)
            urls = [*re.findall(r'<(?:link[^>]+href|script[^>]+src)="(/[^"]+)"', page.text), "/sw.js"]
            wire, plain = page.num_bytes_downloaded, len(page.content)
            for url in urls:
                r = http.get(url)
                wire += r.num_bytes_downloaded
                plain += len(r.content)
            out[path] = (wire, plain)
    return out


def main() -> None:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-offline-"))
    url, _ = make_database("sqlite", tmp)
    add_villages(url)
    server = LiveServer(database_url=url, port=free_port())
    server.start()
    try:
        for path, (wire, plain) in first_load(server).items():
            kb = wire / 1024
            print(f"first load {path:<18} {kb:6.1f} KB on the wire (gzip), {plain / 1024:6.1f} KB uncompressed"
                  f"  [target < {TARGET_KB} KB: {'ok' if kb < TARGET_KB else 'MISSED'}]")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": 800, "height": 1280}, locale="id-ID")
            page = context.new_page()
            login(page, server)
            sheets = sheet_links(page, server)
            assert len(sheets) == 50, len(sheets)
            t0 = time.perf_counter()
            prepare(page, server)
            print(f"prepare (Siapkan offline): {len(sheets)} sheets, {time.perf_counter() - t0:.2f} s")

            context.set_offline(True)
            times = []
            for entrant, stage in sheets[:10]:
                page.goto(f"{server.url}/sheets/{entrant}/{stage}")
                page.wait_for_load_state("load")
                times.append(page.evaluate(
                    "() => performance.getEntriesByType('navigation')[0].loadEventEnd"))
            med, worst = statistics.median(times), max(times)
            print(f"open a prepared sheet offline: median {med:.0f} ms, max {worst:.0f} ms over {len(times)} sheets"
                  f"  [target < {TARGET_OPEN_MS} ms: {'ok' if worst < TARGET_OPEN_MS else 'MISSED'}]")

            page.goto(server.url + "/offline")
            for entrant, stage in sheets:
                enqueue(page, entrant, stage)
            wait_badge(page, f"{len(sheets)} belum terkirim")
            t0 = time.perf_counter()
            context.set_offline(False)
            wait_badge(page, "Mode offline", timeout=120000)
            took = time.perf_counter() - t0
            with sqlite3.connect(url.removeprefix("sqlite:///")) as con:
                rows = con.execute('SELECT count(*) FROM "submission"').fetchone()[0]
            ok = took < TARGET_SYNC_S and rows == len(sheets)
            print(f"sync a queue of {len(sheets)} sheets over loopback: {took:.2f} s ({rows} rows recorded)"
                  f"  [target < {TARGET_SYNC_S} s: {'ok' if ok else 'MISSED'}]")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
