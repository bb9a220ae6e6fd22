"""Checking many officials at once: bounded concurrency, a cache of definitive answers, a callback.

Words used here:

- *item*: what the caller wants checked: an `LmsIdentity`, or a ``(key, identity)`` pair where the key is
  the caller's own handle (an official's id) handed back in the result.
- *fresh*: a cached `terverifikasi` younger than `ttl_seconds`, or a cached `tidak_ditemukan` younger than
  `negative_ttl_seconds`. A fresh item is not asked again unless `force` is set. `galat` and `tertunda`
  are never cached: they are not answers.
- *cache*: the small `OutcomeCache` protocol. `InMemoryCache` serves tests and benchmarks; the app
  provides a database-backed one (the app keeps no state in process memory).

What this module does not do: open HTTP connections (the client does) or store evidence of checks.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from app.lms.client import LmsClient
from app.lms.contract import ERROR, NOT_FOUND, VERIFIED, LmsIdentity, LookupOutcome

K = TypeVar("K")

DEFAULT_TTL_SECONDS = 7 * 24 * 3600.0
DEFAULT_NEGATIVE_TTL_SECONDS = 24 * 3600.0


class OutcomeCache(Protocol):
    """The latest definitive outcome per identity, with its age in seconds."""

    async def get(self, identity: LmsIdentity) -> tuple[LookupOutcome, float] | None: ...

    async def put(self, identity: LmsIdentity, outcome: LookupOutcome) -> None: ...


class InMemoryCache:
    """An `OutcomeCache` in a dict, ages measured against `now` (UTC wall clock by default)."""

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        self._now = now or (lambda: datetime.now(UTC))
        self._data: dict[str, LookupOutcome] = {}

    async def get(self, identity: LmsIdentity) -> tuple[LookupOutcome, float] | None:
        outcome = self._data.get(identity.key)
        if outcome is None:
            return None
        return outcome, (self._now() - outcome.checked_at).total_seconds()

    async def put(self, identity: LmsIdentity, outcome: LookupOutcome) -> None:
        self._data[identity.key] = outcome

    def __len__(self) -> int:
        return len(self._data)


def is_fresh(outcome: LookupOutcome, age: float, ttl_seconds: float, negative_ttl_seconds: float) -> bool:
    if outcome.result == VERIFIED:
        return age < ttl_seconds
    if outcome.result == NOT_FOUND:
        return age < negative_ttl_seconds
    return False


@dataclass(frozen=True)
class CheckResult(Generic[K]):
    """One item's outcome; `cached` is True when it came from the cache and no request was made."""

    key: K
    identity: LmsIdentity
    outcome: LookupOutcome
    cached: bool


OnResult = Callable[[CheckResult[Any]], Awaitable[None] | None]


async def check_many(
    client: LmsClient,
    items: Iterable[LmsIdentity | tuple[K, LmsIdentity]],
    concurrency: int,
    cache: OutcomeCache | None = None,
    force: bool = False,
    on_result: OnResult | None = None,
    ttl_seconds: float = DEFAULT_TTL_SECONDS,
    negative_ttl_seconds: float = DEFAULT_NEGATIVE_TTL_SECONDS,
) -> list[CheckResult[Any]]:
    """Look every item up with at most `concurrency` lookups in flight; results in input order.

    `on_result` (sync or async) is called as each item finishes, so a job can record progress. A lookup
    that raises (a bug, not LMS trouble) is recorded as `galat` with the exception text rather than
    ending the run.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    pairs: list[tuple[Any, LmsIdentity]] = [
        (item, item) if isinstance(item, LmsIdentity) else item for item in items
    ]
    results: list[CheckResult[Any] | None] = [None] * len(pairs)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(len(pairs)):
        queue.put_nowait(index)

    async def one(key: Any, identity: LmsIdentity) -> CheckResult[Any]:
        if cache is not None and not force:
            hit = await cache.get(identity)
            if hit is not None and is_fresh(hit[0], hit[1], ttl_seconds, negative_ttl_seconds):
                return CheckResult(key, identity, hit[0], cached=True)
        try:
            outcome = await client.lookup(identity)
        except Exception as exc:  # a bug in a client must not end a run of 3,600 lookups
            outcome = LookupOutcome(result=ERROR, error=f"internal error: {exc!r}")
        if cache is not None and outcome.definitive:
            await cache.put(identity, outcome)
        return CheckResult(key, identity, outcome, cached=False)

    async def worker() -> None:
        while True:
            try:
                index = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            result = await one(*pairs[index])
            results[index] = result
            if on_result is not None:
                maybe = on_result(result)
                if inspect.isawaitable(maybe):
                    await maybe

    async with asyncio.TaskGroup() as group:
        for _ in range(min(concurrency, len(pairs))):
            group.create_task(worker())
    return [r for r in results if r is not None]
