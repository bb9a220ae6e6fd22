"""Benchmark: the 360-official LMS check (24 villages x 15 officials) as the database job, on SQLite.

The same scenario as ``bench_lms.py`` but through everything the app does: the ``lms_check`` job claimed
by the runner, officials loaded from the database, the database-backed cache, one evidence row per
official written by the job's recorder, progress in the job row.

1. 300 ms latency per request, concurrency 8: wall time of the job against the floor 360 x 0.3 / 8 =
   13.5 s (target: at most 1.25 x the floor). Every row must match the simulator's ground truth.
2. The same with 10% transient errors (5% HTTP 503, 5% timeouts), forced (every official asked again):
   every official must end `terverifikasi` or `tidak_ditemukan` exactly as the ground truth says. Officials
   left `galat`/`tertunda` are asked again by another (unforced) run, as the committee would.
3. A repeated run: zero HTTP requests.

Run: ``uv run python bench/bench_lms_jobs.py``. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PICCOLO_CONF", "piccolo_conf")

from app import db  # noqa: E402
from app.jobs import runner  # noqa: E402
from app.lms import jobs  # noqa: E402
from app.lms.config import LmsSettings  # noqa: E402
from app.lms.contract import NOT_FOUND, VERIFIED, LmsIdentity  # noqa: E402
from app.lms.scenario import seed_scenario  # noqa: E402
from app.lms.sim_data import expected_verified  # noqa: E402
from app.lms.simulator import SimulatorControl, start_simulator_subprocess  # noqa: E402
from app.officials.repo import latest_checks  # noqa: E402
from app.officials.tables import CertificateCheck, Official  # noqa: E402
from app.settings import Settings  # noqa: E402

VILLAGES, PER_VILLAGE = 24, 15
LATENCY_S, CONCURRENCY = 0.3, 8
FLOOR = VILLAGES * PER_VILLAGE * LATENCY_S / CONCURRENCY
TARGET_RATIO = 1.25


def prepare(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    for args in (["migrate"], ["load-regions", "--prefix", "52"]):
        subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=env, check=True,
                       capture_output=True)


async def truth() -> dict[int, str]:
    out = {}
    for row in await Official.select(Official.id, Official.email, Official.phone):
        kind, value = LmsIdentity(email=row["email"] or None, phone=row["phone"] or None).query
        out[row["id"]] = VERIFIED if expected_verified(kind, value) else NOT_FOUND
    return out


async def run_job(settings: Settings, competition_id: int, force: bool = False) -> tuple[float, dict]:
    job_id = await jobs.enqueue_check("competition", competition_id, force=force)
    started = time.perf_counter()
    await runner.run_pending(settings, only=job_id)
    wall = time.perf_counter() - started
    job = await runner.get(job_id)
    assert job is not None
    return wall, job


async def main() -> int:
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        prepare(url)
        engine = db.engine_for_url(url)
        db.bind(engine)
        await db.start(engine)
        sim = start_simulator_subprocess(latency_ms=LATENCY_S * 1000, hang_seconds=3.0)
        control = SimulatorControl(sim.url)
        try:
            seeded = await seed_scenario(VILLAGES, PER_VILLAGE)
            cid = seeded["competition_id"]
            expected = await truth()
            print(f"{len(expected)} officials in {VILLAGES} villages on SQLite; "
                  f"ground truth: {dict(Counter(expected.values()))}")
            lms = LmsSettings(base_url=sim.url, concurrency=CONCURRENCY, read_timeout=2.0)
            settings = Settings.from_env({"DATABASE_URL": url, "SECRET_KEY": "b" * 40, "RUN_JOBS": "0"}, lms=lms)

            # 1. Clean run.
            wall, job = await run_job(settings, cid)
            stats = control.stats()
            rows = await CertificateCheck.select(CertificateCheck.official, CertificateCheck.result).where(
                CertificateCheck.job == job["id"])
            wrong = sum(r["result"] != expected[r["official"]] for r in rows)
            ratio = wall / FLOOR
            print(f"[1] clean:   job {job['status']} {job['progress_done']}/{job['progress_total']}; "
                  f"wall {wall:.2f} s, floor {FLOOR:.2f} s, ratio {ratio:.3f} (target <= {TARGET_RATIO}); "
                  f"requests {stats['requests']}, peak in flight {stats['max_in_flight']}; "
                  f"rows {len(rows)}, wrong {wrong}")
            ok &= ratio <= TARGET_RATIO and wrong == 0 and len(rows) == len(expected)

            # 2. 10% transient errors, forced; unforced re-runs take up what is left galat/tertunda.
            control.reset()
            control.configure(error_rate=0.05, timeout_rate=0.05, seed=42)
            flaky = Settings.from_env(
                {"DATABASE_URL": url, "SECRET_KEY": "b" * 40, "RUN_JOBS": "0"},
                lms=lms.with_(read_timeout=1.0, max_retries=4, backoff_base=0.1, backoff_max=1.0),
            )
            started = time.perf_counter()
            runs = []
            wall, job = await run_job(flaky, cid, force=True)
            runs.append(job)
            while len(runs) < 3 and any(
                c["result"] not in (VERIFIED, NOT_FOUND) for c in (await latest_checks(expected)).values()
            ):
                runs.append((await run_job(flaky, cid))[1])
            wall = time.perf_counter() - started
            stats = control.stats()
            latest = await latest_checks(expected)
            final = Counter(c["result"] for c in latest.values())
            wrong = sum(latest[o]["result"] != expected[o] for o in expected
                        if latest[o]["result"] in (VERIFIED, NOT_FOUND))
            unfinished = sum(c["result"] not in (VERIFIED, NOT_FOUND) for c in latest.values())
            print(f"[2] flaky:   wall {wall:.2f} s in {len(runs)} job(s); requests {stats['requests']} "
                  f"(by status {stats['by_status']}); final {dict(final)}; wrong {wrong}; unfinished {unfinished}")
            for job in runs:
                print(f"      job {job['id']}: {job['message']}")
            ok &= wrong == 0 and unfinished == 0

            # 3. Repeat: served from the stored checks.
            control.reset()
            wall, job = await run_job(settings, cid)
            requests = control.requests
            print(f"[3] cached:  wall {wall:.3f} s; HTTP requests {requests} (target 0); "
                  f"job {job['progress_done']}/{job['progress_total']}: {job['message']}")
            ok &= requests == 0 and job["progress_done"] == len(expected)
        finally:
            sim.stop()
            await db.stop(engine)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
