import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.lms.resilience import CircuitBreaker, backoff_delay, parse_retry_after

NOW = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


@given(
    retry=st.integers(min_value=0, max_value=30),
    base=st.floats(min_value=0.001, max_value=5),
    cap=st.floats(min_value=0.001, max_value=60),
    seed=st.integers(),
)
def test_full_jitter_stays_under_the_exponential_ceiling(
    retry: int, base: float, cap: float, seed: int
) -> None:
    delay = backoff_delay(retry, base, cap, random.Random(seed))
    assert 0.0 <= delay <= min(cap, base * 2**retry)


def test_full_jitter_spreads_and_grows() -> None:
    rng = random.Random(7)
    first = [backoff_delay(0, 0.5, 100, rng) for _ in range(200)]
    fourth = [backoff_delay(3, 0.5, 100, rng) for _ in range(200)]
    assert max(first) <= 0.5 < max(fourth) <= 4.0
    assert len({round(d, 6) for d in first}) > 150  # jittered, not a fixed delay


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3.0),
        (" 1.5 ", 1.5),
        ("-4", 0.0),
        ("999", 60.0),
        (format_datetime(NOW + timedelta(seconds=20), usegmt=True), 20.0),
        (format_datetime(NOW - timedelta(seconds=20), usegmt=True), 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW, cap=60.0) == expected


def test_breaker_opens_at_threshold_and_probes_after_cooldown(clock) -> None:
    breaker = CircuitBreaker(threshold=3, cooldown=10, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state == "closed"
    breaker.record_failure()
    assert breaker.state == "open"
    assert not breaker.allow()
    clock.advance(9.9)
    assert not breaker.allow()
    clock.advance(0.1)
    assert breaker.state == "half_open"
    assert breaker.allow()  # the one probe
    assert not breaker.allow()  # nobody else while it is out
    breaker.record_failure()  # failed probe: open again for a full cooldown
    assert breaker.state == "open"
    clock.advance(10)
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed"
    assert breaker.allow()
    assert breaker.allow()
    assert breaker.times_opened == 2


def test_success_resets_the_consecutive_count(clock) -> None:
    breaker = CircuitBreaker(threshold=2, cooldown=10, clock=clock)
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state == "closed"


def test_released_probe_lets_another_through(clock) -> None:
    breaker = CircuitBreaker(threshold=1, cooldown=1, clock=clock)
    breaker.record_failure()
    clock.advance(1)
    assert breaker.allow()
    breaker.release()
    assert breaker.allow()
