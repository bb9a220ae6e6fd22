"""Benchmark of the scoring core on synthetic, seeded (deterministic) data.

Scenarios (issue "scoring/"):
- kabupaten: 239 entrants x 5 judges x 40 indicators in each of 2 stages (80 indicators,
  95,600 scores); target: ranking in under 0.5 s.
- province: 5,312 entrants x 3 judges x 270 indicators over 2 stages (4,302,720 scores), like
  Jawa Barat's 2025 all-villages round; target: under 60 s and 2 GB peak.

Each scenario runs in its own process so the peak memory (ru_maxrss, which includes the input
scores themselves) is its own. Run: ``uv run python bench/bench_scoring.py [kabupaten|province]``.
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import time
from decimal import Decimal

from scoring import Domain, Indicator, Rules, Ruleset, Score, Stage, compute

SCENARIOS = {
    "kabupaten": {"entrants": 239, "judges": 5, "per_stage": 40, "target_s": 0.5},
    "province": {"entrants": 5312, "judges": 3, "per_stage": 135, "target_s": 60.0},
}


def build_ruleset(per_stage: int) -> Ruleset:
    domains = ("PEM", "WIL", "MAS")
    indicators = []
    for stage in ("ADM", "KLAR"):
        for n in range(per_stage):
            domain = domains[n % 3]
            code = f"{domain}.{stage}.{n}"
            indicators.append(Indicator(code, stage, domain, Decimal(4), Decimal(1 + n % 4)))
    # The LMS indicator the default tie-break chain names.
    indicators[0] = Indicator("PEM.2.4", "ADM", "PEM", Decimal(4), Decimal(4), kind="lms")
    return Ruleset(
        code="BENCH",
        stages=(Stage("ADM", Decimal(40)), Stage("KLAR", Decimal(60))),
        domains=(Domain("PEM", Decimal(40)), Domain("WIL", Decimal(25)), Domain("MAS", Decimal(35))),
        indicators=tuple(indicators),
        rules=Rules(),
    )


def build_scores(ruleset: Ruleset, entrants: list[str], judges: int, seed: int = 2025) -> list[Score]:
    rng = random.Random(seed)
    values = [Decimal(v) for v in range(5)]
    judge_ids = [f"J{j + 1}" for j in range(judges)]
    scores = []
    for entrant in entrants:
        base = rng.randint(1, 3)
        for ind in ruleset.indicators:
            if ind.kind == "lms":
                scores.append(Score("LMS", entrant, ind.code, values[rng.randint(0, 4)]))
                continue
            for judge in judge_ids:
                scores.append(
                    Score(judge, entrant, ind.code, values[min(4, max(0, base + rng.randint(-1, 1)))])
                )
    return scores


def run(name: str) -> None:
    spec = SCENARIOS[name]
    ruleset = build_ruleset(int(spec["per_stage"]))
    entrants = [
        f"{32 if name == 'province' else 52}.{n // 400:02d}.{n % 400:04d}"
        for n in range(int(spec["entrants"]))
    ]
    started = time.perf_counter()
    scores = build_scores(ruleset, entrants, int(spec["judges"]))
    built = time.perf_counter() - started
    # Best of a few runs (wall clock) and the CPU time of that run: the machine is shared.
    repeats = 3 if name == "kabupaten" else 1
    timings: dict[bool, tuple[float, float]] = {}
    for detail in (True, False):
        runs = []
        for _ in range(repeats):
            started, cpu_started = time.perf_counter(), time.process_time()
            result = compute(ruleset, entrants, scores, detail=detail)
            runs.append((time.perf_counter() - started, time.process_time() - cpu_started))
        timings[detail] = min(runs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    top = result.entrants[0]
    print(
        f"{name}: {len(entrants)} entrants x {spec['judges']} judges x {len(ruleset.indicators)} indicators"
        f" = {len(scores):,} scores (built in {built:.2f} s)\n"
        f"  compute with drill-down:    {timings[True][0]:.3f} s wall, {timings[True][1]:.3f} s CPU"
        f"  (target {spec['target_s']} s; best of {repeats})\n"
        f"  compute without drill-down: {timings[False][0]:.3f} s wall, {timings[False][1]:.3f} s CPU\n"
        f"  peak memory (ru_maxrss, whole process incl. inputs): {peak_mb:,.0f} MB\n"
        f"  rank 1: {top.entrant} total {top.total}; tied groups: {sum(1 for e in result.entrants if e.tied)}"
        " entrants",
        flush=True,
    )


def main() -> None:
    names = sys.argv[1:] or list(SCENARIOS)
    if len(names) == 1:
        run(names[0])
        return
    for name in names:
        subprocess.run([sys.executable, __file__, name], check=True)


if __name__ == "__main__":
    main()
