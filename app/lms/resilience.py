"""Clock, backoff, Retry-After and the circuit breaker used by the HTTP adapter.

Words used here:

- *full jitter*: a retry waits a uniformly random time in ``[0, min(cap, base * 2**n)]`` where ``n`` is
  the retry number starting at 0 (AWS architecture blog, "Exponential Backoff and Jitter").
- *Retry-After*: the HTTP header a 429/503 answer may carry: delay seconds or an HTTP date. It is honoured
  as given, capped at a maximum, never randomised below.
- *circuit breaker*: counts consecutive failed attempts. At the threshold it *opens*: calls are refused
  (the caller records `tertunda`) until the cooldown has passed; then it is *half-open* and lets exactly
  one probe through. A successful probe closes it, a failed one opens it again for another cooldown.

No HTTP here; the clock is a small protocol so tests can drive time.
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal, Protocol


class Clock(Protocol):
    """Time as the adapter sees it: a monotonic reading, an awaitable sleep, and the wall clock (UTC)."""

    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    def now(self) -> datetime:
        return datetime.now(UTC)


def backoff_delay(retry: int, base: float, cap: float, rng: random.Random) -> float:
    """Full-jitter delay before retry number `retry` (0 for the first retry)."""
    ceiling = min(cap, base * (2**retry))
    return rng.uniform(0.0, ceiling)


def parse_retry_after(value: str | None, now: datetime, cap: float) -> float | None:
    """Seconds to wait from a Retry-After header value, capped at `cap`; None when absent or unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), cap)


BreakerState = Literal["closed", "open", "half_open"]


class CircuitBreaker:
    """Consecutive-failure circuit breaker (see the module docstring). Not thread-safe; one event loop."""

    def __init__(self, threshold: int, cooldown: float, clock: Clock) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_out = False
        self.times_opened = 0

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return "closed"
        if self._clock.monotonic() - self._opened_at >= self.cooldown:
            return "half_open"
        return "open"

    def allow(self) -> bool:
        """May a call go out now? In half-open state only one probe at a time is allowed."""
        state = self.state
        if state == "closed":
            return True
        if state == "half_open" and not self._probe_out:
            self._probe_out = True
            return True
        return False

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._probe_out = False

    def record_failure(self) -> None:
        self._failures += 1
        if self._probe_out or (self._opened_at is None and self._failures >= self.threshold):
            self._opened_at = self._clock.monotonic()
            self.times_opened += 1
        self._probe_out = False

    def release(self) -> None:
        """Give back a probe slot without a verdict (the call was cancelled)."""
        self._probe_out = False
