"""Rankings of a competition, always computed by the scoring engine from the stored inputs.

Words:
- *cached ranking*: the committee's pages and the API read the ranking often and the inputs rarely
  change, so each worker keeps the last computed ranking per competition with the *fingerprint* of its
  inputs (``app.results.fingerprint``) and computes again as soon as the fingerprint differs. Finalising
  and the pleno use ``ranking`` itself, never the cache.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass

import scoring
from app.results.fingerprint import fingerprint
from app.results.repo import Inputs, load_inputs
from scoring import Result

CACHE_SIZE = 8


@dataclass(frozen=True)
class Ranking:
    inputs: Inputs
    result: Result
    detail: bool = True


async def ranking(competition_id: int, *, detail: bool = True) -> Ranking:
    inputs = await load_inputs(competition_id)
    result = scoring.compute(
        inputs.ruleset,
        [e.code for e in inputs.entrants],
        inputs.scores,
        pleno=inputs.pleno,
        abstentions=inputs.abstentions,
        detail=detail,
    )
    return Ranking(inputs=inputs, result=result, detail=detail)


_cache: OrderedDict[int, tuple[tuple[str, ...], Ranking]] = OrderedDict()
_locks: dict[tuple[int, int], asyncio.Lock] = {}  # per event loop and competition


async def cached_ranking(competition_id: int, *, detail: bool = True) -> Ranking:
    """``ranking``, reused while the inputs' fingerprint stays the same (a ranking with the drill-down
    also serves a request without it)."""
    key = await fingerprint(competition_id)
    lock = _locks.setdefault((id(asyncio.get_running_loop()), competition_id), asyncio.Lock())
    async with lock:  # concurrent misses in one worker wait for one computation
        hit = _cache.get(competition_id)
        if hit is not None and hit[0] == key and (hit[1].detail or not detail):
            _cache.move_to_end(competition_id)
            return hit[1]
        # The fingerprint was read before the inputs: a change in between only makes the next read recompute.
        current = await ranking(competition_id, detail=detail)
        _cache[competition_id] = (key, current)
        _cache.move_to_end(competition_id)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return current


def clear_cache() -> None:
    _cache.clear()
