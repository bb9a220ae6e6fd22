"""Benchmark: 20 judges scoring at once (issue 5).

Starts its own servers on fresh databases (SQLite with 1 worker; PostgreSQL with 2 workers on a temporary
database), seeds a competition with a 40-indicator stage ``BEN`` and 20 judges (each assigned to every
village on that stage), logs the 20 judges in (browser sessions; --auth token for API tokens) and
starts them at the same instant. A judge opens the sheet page (GET) and sends it (POST to the API).
Scenarios: ``burst`` (the issue's: every judge one sheet, all at once; 5 rounds), ``paced`` (5 sheets each with
0.5-3 s of scoring between opening and sending), ``sustained`` (10 sheets each back to back: stress).
Prints p50/p95/max and
requests per second for the page and the submission, and the sheet page's weight gzip-compressed with
the CSS and JS it loads.

    uv run python bench/bench_judging.py [--scenario burst|paced|sustained ...] [--only sqlite|postgres]

PostgreSQL: TEST_PG_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/test) must reach a server
where a database may be created.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from _common import login, pct, start_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
JUDGES = 20
INDICATORS = 40
SECRET = "bench-secret-" + "b" * 40
PASSWORD = "bench-password-2026"




def cli(url: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "DATABASE_URL": url})


def bench_catalogue() -> dict[str, Any]:
    """A criteria catalogue whose stage BEN has 40 judge-scored indicators (4 domains × 2 aspects × 5)."""
    domains = []
    n = 0
    for d in range(1, 5):
        aspects = []
        for a in range(1, 3):
            inds = []
            for i in range(1, 6):
                n += 1
                inds.append({"code": f"B{d}.{a}.{i}", "name": f"Indikator uji nomor {n}: kelengkapan dan mutu layanan",
                             "max": 4, "weight": 1, "stage": "BEN"})
            aspects.append({"code": f"B{d}.{a}", "name": f"Aspek {d}.{a}", "indicators": inds})
        domains.append({"code": f"B{d}", "name": f"Bidang uji {d}", "weight": 25, "aspects": aspects})
    return {"code": "BENCH", "stages": [], "domains": domains}


async def seed(url: str) -> dict[str, Any]:
    from app import db
    from app.auth.security import hash_password  # noqa: F401 - imported so a slow hasher shows in the seed time
    from app.auth.services import create_token, create_user
    from app.clock import now
    from app.competitions import catalogue
    from app.competitions.tables import Assignment, Competition, Stage
    from app.demo.seed import seed_demo

    engine = db.engine_for_url(url)
    db.bind(engine)
    await db.start(engine)
    try:
        demo = await seed_demo()
        comp_id = demo["competition_id"]
        async with db.write_tx():
            await catalogue.write_version(comp_id, bench_catalogue(), 2, note="bench")
            await Competition.update({Competition.criteria_version: 2}).where(Competition.id == comp_id)
            rows = await Stage.insert(
                Stage(competition=comp_id, code="BEN", name="Tahap uji", weight=10, position=9)
            ).returning(Stage.id)
            stage_id = rows[0]["id"]
        tokens = []
        for j in range(1, JUDGES + 1):
            uid = await create_user(f"bench{j}", PASSWORD, "juri", f"Juri Uji {j}")
            await Assignment.insert(*[
                Assignment(stage=stage_id, entrant=e, judge=uid, created_at=now()) for e in demo["entrant_ids"]
            ])
            tokens.append(await create_token(f"bench{j}", "bench"))
        return {"entrants": demo["entrant_ids"], "tokens": tokens,
                "usernames": [f"bench{j}" for j in range(1, JUDGES + 1)]}
    finally:
        await db.stop(engine)






CODE_RE = re.compile(r'name="v:([A-Z0-9.]+)" value="4"')



async def judge_run(base: str, auth: str, entrants: list[int], sheets: int, page_ms: list[float],
                    submit_ms: list[float], statuses: list[int], mode: str, start: asyncio.Event,
                    ready: list[int], think: tuple[float, float] | None, rng: random.Random, warm: int) -> None:
    """One judge: a browser session (cookie + CSRF header, as the page's script) or an API token."""
    headers = {"Accept-Encoding": "gzip"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
        if mode == "session":
            http.headers["X-CSRF-Token"] = await login(http, auth, PASSWORD)
        else:
            http.headers["Authorization"] = f"Bearer {auth}"
        # Warm-up, not measured: a running server has its templates compiled in every worker.
        await http.get("/")
        await http.get(f"/sheets/{warm}/BEN")
        ready.append(1)
        await start.wait()
        for entrant in entrants[:sheets]:
            if think:
                await asyncio.sleep(rng.uniform(*think))
            t0 = time.perf_counter()
            page = await http.get(f"/sheets/{entrant}/BEN")
            page_ms.append((time.perf_counter() - t0) * 1000)
            statuses.append(page.status_code)
            codes = CODE_RE.findall(page.text)
            body = {"client_uuid": str(uuid.uuid4()), "base_version": None,
                    "device_time": "2026-11-28T09:00:00+08:00", "values": dict.fromkeys(codes, "3"),
                    "notes": {}, "remark": "Uji beban"}
            if think:
                await asyncio.sleep(rng.uniform(*think))
            t0 = time.perf_counter()
            sent = await http.post(f"/api/v1/sheets/{entrant}/BEN/submissions", json=body)
            submit_ms.append((time.perf_counter() - t0) * 1000)
            statuses.append(sent.status_code)


async def load(base: str, info: dict[str, Any], sheets: int, mode: str,
               think: tuple[float, float] | None) -> dict[str, Any]:
    """Every judge logs in first; then all start at the same instant (the clock starts there)."""
    page_ms: list[float] = []
    submit_ms: list[float] = []
    statuses: list[int] = []
    start = asyncio.Event()
    ready: list[int] = []
    auths = info["usernames"] if mode == "session" else info["tokens"]
    tasks = [
        asyncio.create_task(judge_run(base, auth, info["entrants"], sheets, page_ms, submit_ms, statuses, mode,
                                      start, ready, think, random.Random(n), info["warm"]))
        for n, auth in enumerate(auths)
    ]
    while len(ready) < len(auths):  # noqa: ASYNC110 - a plain poll while the judges log in
        await asyncio.sleep(0.05)
    t0 = time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    return {"page": page_ms, "submit": submit_ms, "statuses": statuses, "wall": wall}


SCENARIOS = {
    # name: (sheets per judge, think time range in seconds or None, rounds)
    # burst: the scenario, at its hardest: 20 judges open a sheet and submit it, all at the same
    # moment; 5 such rounds (1 s apart, each on another village) so the p95 rests on 100 samples, not 20.
    "burst": (1, None, 5),
    "paced": (5, (0.5, 3.0), 1),  # 5 sheets each with 0.5-3 s between opening and sending (a fast human)
    "sustained": (10, None, 1),   # stress: 10 sheets each, back to back, no pause at all
}


def page_weight(base: str, token: str, entrant: int) -> dict[str, int]:
    """Bytes on the wire (gzip requested) for the sheet page and everything it loads."""
    out: dict[str, int] = {}
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10) as http:
        for path in (f"/sheets/{entrant}/BEN", "/static/app.css", "/static/sheet.css", "/static/sheet.js"):
            with http.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as r:
                raw = b"".join(r.iter_raw())
                encoded = r.headers.get("content-encoding") == "gzip"
            out[path] = len(raw) if encoded else len(gzip.compress(raw, 6))
    return out


def report(kind: str, workers: int, result: dict[str, Any]) -> None:
    total = len(result["page"]) + len(result["submit"])
    bad = [s for s in result["statuses"] if s not in (200, 201)]
    print(f"\n{kind}, {workers} worker(s): {JUDGES} judges, {len(result['page'])} sheets of "
          f"{INDICATORS} indicators in {result['wall']:.2f} s, {total / result['wall']:.1f} req/s overall"
          + (f", {len(bad)} FAILED requests {sorted(set(bad))}" if bad else ", every request succeeded"))
    for name in ("page", "submit"):
        ms = result[name]
        print(f"  {name:<7} n={len(ms):4d}  p50 {statistics.median(ms):7.1f} ms  p95 {pct(ms, 95):7.1f} ms  "
              f"max {max(ms):7.1f} ms  {len(ms) / result['wall']:6.1f} req/s")
    if len(result.get("rounds", [])) > 1:
        print(f"  p95 page/submit of each round (ms): {', '.join(result['rounds'])}")


def run(kind: str, scenarios: list[str], mode: str) -> dict[str, int] | None:
    with tempfile.TemporaryDirectory() as tmp:
        pg_name = None
        if kind == "sqlite":
            url, workers = f"sqlite:///{tmp}/bench.sqlite3", 1
        else:
            import asyncpg

            async def admin(sql: str) -> None:
                conn = await asyncpg.connect(PG_ADMIN_URL)
                try:
                    await conn.execute(sql)
                finally:
                    await conn.close()

            pg_name = f"ld_bench_{secrets.token_hex(4)}"
            asyncio.run(admin(f'CREATE DATABASE "{pg_name}"'))
            url, workers = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{pg_name}", 2
        try:
            t0 = time.perf_counter()
            cli(url, "migrate")
            cli(url, "load-regions", "--prefix", "52")
            info = asyncio.run(seed(url))
            print(f"[{kind}] database ready in {time.perf_counter() - t0:.1f} s")
            proc, base = start_server(url, workers)
            try:
                weight = page_weight(base, info["tokens"][0], info["entrants"][-1])
                done = 0
                for name in scenarios:
                    count, think, rounds = SCENARIOS[name]
                    result: dict[str, Any] = {"page": [], "submit": [], "statuses": [], "wall": 0.0}
                    for n in range(rounds):
                        if n:
                            time.sleep(1)
                        count = min(count, len(info["entrants"]) - 1 - done)
                        # Each round scores villages not yet scored, so every submission is a first version.
                        part = {**info, "entrants": info["entrants"][done:done + count], "warm": info["entrants"][-1]}
                        one = asyncio.run(load(base, part, count, mode, think))
                        done += count
                        for key in ("page", "submit", "statuses"):
                            result[key] += one[key]
                        result["wall"] += one["wall"]
                        per_round = f"{pct(one['page'], 95):.0f}/{pct(one['submit'], 95):.0f}"
                        result.setdefault("rounds", []).append(per_round)
                    report(f"{kind} · {name} ({mode}, {rounds} round{'s' if rounds > 1 else ''})", workers, result)
                return weight
            finally:
                proc.terminate()
                proc.wait(timeout=15)
        finally:
            if pg_name:
                asyncio.run(admin(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", action="append", choices=list(SCENARIOS),
                        help="burst, paced, sustained (repeatable; default burst and paced; one village per sheet)")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--auth", choices=("session", "token"), default="session",
                        help="judges as browser sessions (default) or with API tokens")
    args = parser.parse_args()
    weight = None
    for kind in ("sqlite", "postgres"):
        if args.only and kind != args.only:
            continue
        weight = run(kind, args.scenario or ["burst", "paced"], args.auth) or weight
    if weight:
        print("\nSheet page weight (gzip, as sent), 40 indicators:")
        for path, size in weight.items():
            print(f"  {path:<22} {size / 1024:6.1f} KB")
        print(f"  {'total':<22} {sum(weight.values()) / 1024:6.1f} KB  (target < 50 KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
