"""check_many against the simulator as a real server: the breaker, the cache, bounded concurrency."""

from __future__ import annotations

from app.lms.batch import InMemoryCache, check_many
from app.lms.client import HttpLmsClient
from app.lms.contract import ERROR, NOT_FOUND, PENDING, VERIFIED, LmsIdentity
from app.lms.sim_data import expected_verified


def truth(identity: LmsIdentity) -> str:
    """What the simulator's records say this identity's result must be."""
    kind, value = identity.query
    return VERIFIED if expected_verified(kind, value) else NOT_FOUND


async def test_results_match_ground_truth_with_bounded_concurrency(sim, pick) -> None:
    sim.configure(latency_ms=40)
    identities = pick(lambda b: True, count=48, prefix="batch")
    async with HttpLmsClient(sim.settings(read_timeout=2)) as client:
        results = await check_many(client, identities, concurrency=6)
    for r in results:
        assert r.outcome.result == truth(r.identity)
    stats = sim.stats()
    assert stats["requests"] == 48
    assert 2 <= stats["max_in_flight"] <= 6


async def test_lms_down_opens_the_breaker_and_leaves_the_rest_pending(sim, pick) -> None:
    sim.configure(down=True)
    identities = pick(lambda b: True, count=60, prefix="down")
    async with HttpLmsClient(sim.settings(breaker_threshold=4)) as client:
        results = await check_many(client, identities, concurrency=4)
        assert client.breaker.state == "open"
    outcomes = [r.outcome.result for r in results]
    assert set(outcomes) <= {ERROR, PENDING}  # never "not found"
    assert outcomes.count(PENDING) >= 50
    assert sim.requests <= 12  # far fewer than 60 items


async def test_second_run_is_served_from_the_cache_with_zero_requests(sim, pick) -> None:
    identities = pick(lambda b: True, count=30, prefix="cache")
    cache = InMemoryCache()
    async with HttpLmsClient(sim.settings()) as client:
        first = await check_many(client, identities, concurrency=5, cache=cache)
        assert sim.requests == 30
        sim.reset()
        second = await check_many(client, identities, concurrency=5, cache=cache)
        assert sim.requests == 0
        forced = await check_many(client, identities, concurrency=5, cache=cache, force=True)
        assert sim.requests == 30
    assert all(r.cached for r in second)
    assert not any(r.cached for r in forced)
    assert [r.outcome for r in second] == [r.outcome for r in first]
    assert {r.outcome.result for r in first} == {VERIFIED, NOT_FOUND}


async def test_transient_errors_still_end_in_the_right_answer(sim, pick) -> None:
    sim.configure(error_rate=0.15, timeout_rate=0.1, seed=3)
    identities = pick(lambda b: True, count=40, prefix="flaky")
    async with HttpLmsClient(sim.settings(max_retries=5, breaker_threshold=50)) as client:
        results = await check_many(client, identities, concurrency=4)
    for r in results:
        assert r.outcome.result == truth(r.identity)
    stats = sim.stats()
    assert stats["by_status"]["503"] > 0  # errors really happened
    assert stats["by_status"]["timeout"] > 0
    assert sum(stats["by_status"].values()) == stats["requests"]  # each request counted once


async def test_rate_limit_every_nth_request(sim, pick) -> None:
    sim.configure(rate_limit_every=3, retry_after=0)
    identities = pick(lambda b: True, count=8, prefix="limited")
    async with HttpLmsClient(sim.settings(max_retries=5)) as client:
        results = await check_many(client, identities, concurrency=2)
    for r in results:
        assert r.outcome.result == truth(r.identity)
    stats = sim.stats()
    assert stats["by_status"]["429"] == stats["requests"] // 3
    assert stats["requests"] > 8
