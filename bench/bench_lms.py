"""Benchmark: 360 LMS lookups (24 villages x 15 officials) against the bundled simulator.

1. 300 ms latency per request, concurrency 8: wall time against the floor 360 x 0.3 / 8 = 13.5 s
   (target: at most 1.25 x the floor).
2. The same with 10% transient errors (5% HTTP 503, 5% timeouts): every official must end
   `terverifikasi` or `tidak_ditemukan` exactly as the simulator's ground truth says. Officials left
   `galat`/`tertunda` by a pass are checked again in another pass (as a job resumes its pending items).
3. A repeated run with the cache: must make zero HTTP requests.

Run: ``uv run python bench/bench_lms.py``. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter

from app.lms.batch import InMemoryCache, check_many
from app.lms.client import HttpLmsClient
from app.lms.config import LmsSettings
from app.lms.contract import NOT_FOUND, VERIFIED, LmsIdentity
from app.lms.sim_data import expected_verified
from app.lms.simulator import SimulatorControl, start_simulator_subprocess

VILLAGES, PER_VILLAGE = 24, 15
LATENCY_S, CONCURRENCY = 0.3, 8
FLOOR = VILLAGES * PER_VILLAGE * LATENCY_S / CONCURRENCY
TARGET_RATIO = 1.25


def officials() -> list[LmsIdentity]:
    """Mostly e-mail identities; every fifth official is known only by phone."""
    out = []
    for v in range(1, VILLAGES + 1):
        for j in range(1, PER_VILLAGE + 1):
            if j % 5 == 0:
                out.append(LmsIdentity(phone=f"0819{v:03d}{j:05d}"))
            else:
                out.append(LmsIdentity(email=f"perangkat{j}.desa{v}@ntb.desa.id"))
    return out


def expected(identity: LmsIdentity) -> str:
    kind, value = identity.query
    return VERIFIED if expected_verified(kind, value) else NOT_FOUND


async def main() -> int:
    items = officials()
    truth = {i: expected(i) for i in items}
    ok = True
    sim = start_simulator_subprocess(latency_ms=LATENCY_S * 1000, hang_seconds=3.0)
    control = SimulatorControl(sim.url)
    try:
        print(f"{len(items)} officials; ground truth: {dict(Counter(truth.values()))}")

        # 1. Clean run.
        settings = LmsSettings(base_url=sim.url, concurrency=CONCURRENCY, read_timeout=2.0)
        async with HttpLmsClient(settings) as client:
            started = time.perf_counter()
            results = await check_many(client, items, concurrency=CONCURRENCY)
            wall = time.perf_counter() - started
        stats = control.stats()
        wrong = sum(r.outcome.result != truth[r.identity] for r in results)
        ratio = wall / FLOOR
        print(
            f"[1] clean:   wall {wall:.2f} s, floor {FLOOR:.2f} s, ratio {ratio:.3f} "
            f"(target <= {TARGET_RATIO}); requests {stats['requests']}, "
            f"peak in flight {stats['max_in_flight']}, wrong {wrong}"
        )
        ok &= ratio <= TARGET_RATIO and wrong == 0

        # 2. 10% transient errors.
        control.reset()
        control.configure(error_rate=0.05, timeout_rate=0.05, seed=42)
        settings = settings.with_(read_timeout=1.0, max_retries=4, backoff_base=0.1, backoff_max=1.0)
        cache = InMemoryCache()
        final = {}
        passes = 0
        started = time.perf_counter()
        async with HttpLmsClient(settings) as client:
            todo = items
            while todo and passes < 3:
                passes += 1
                for r in await check_many(client, todo, concurrency=CONCURRENCY, cache=cache):
                    final[r.identity] = r.outcome
                todo = [i for i in items if not final[i].definitive]
        wall = time.perf_counter() - started
        stats = control.stats()
        counts = Counter(o.result for o in final.values())
        wrong = sum(final[i].result != truth[i] for i in items if final[i].definitive)
        unfinished = sum(not o.definitive for o in final.values())
        retried = sum(o.attempts > 1 for o in final.values())
        print(
            f"[2] flaky:   wall {wall:.2f} s in {passes} pass(es); requests {stats['requests']} "
            f"(by status {stats['by_status']}); officials retried {retried}; results {dict(counts)}; "
            f"wrong {wrong}; unfinished {unfinished}"
        )
        ok &= wrong == 0 and unfinished == 0

        # 3. Repeat with the cache.
        control.reset()
        async with HttpLmsClient(settings) as client:
            started = time.perf_counter()
            again = await check_many(client, items, concurrency=CONCURRENCY, cache=cache)
            wall = time.perf_counter() - started
        requests = control.requests
        same = sum(r.outcome == final[r.identity] for r in again)
        print(
            f"[3] cached:  wall {wall:.3f} s; HTTP requests {requests} (target 0); "
            f"{same}/{len(items)} answers from the cache"
        )
        ok &= requests == 0 and same == len(items)
    finally:
        sim.stop()
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
