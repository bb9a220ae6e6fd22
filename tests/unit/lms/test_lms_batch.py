import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from app.lms.batch import CheckResult, InMemoryCache, check_many
from app.lms.client import FakeLmsClient
from app.lms.contract import ERROR, NOT_FOUND, PENDING, VERIFIED, LmsIdentity, LookupOutcome

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


def ident(n: int) -> LmsIdentity:
    return LmsIdentity(email=f"p{n}@desa.id")


def outcome(result: str, at: datetime = T0) -> LookupOutcome:
    return LookupOutcome(result=result, attempts=1, checked_at=at)  # type: ignore[arg-type]


class SlowCounting:
    """A client that takes a little time and records how many lookups overlap."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.peak = 0
        self.calls = 0

    async def lookup(self, identity: LmsIdentity) -> LookupOutcome:
        self.calls += 1
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        await asyncio.sleep(0.002)
        self.in_flight -= 1
        return outcome(VERIFIED if identity.email and identity.email.startswith("p1") else NOT_FOUND)


async def test_bounded_concurrency_and_input_order() -> None:
    client = SlowCounting()
    items = [(n, ident(n)) for n in range(40)]
    results = await check_many(client, items, concurrency=5)
    assert client.peak == 5
    assert [r.key for r in results] == list(range(40))
    assert results[1].outcome.result == VERIFIED
    assert results[2].outcome.result == NOT_FOUND
    assert not any(r.cached for r in results)


async def test_plain_identities_are_their_own_keys() -> None:
    results = await check_many(FakeLmsClient(), [ident(1)], concurrency=2)
    assert results[0].key == ident(1)


@pytest.mark.parametrize(
    ("cached", "age_hours", "asked"),
    [
        (VERIFIED, 24 * 6, False),  # verified, fresh for 7 days
        (VERIFIED, 24 * 8, True),
        (NOT_FOUND, 23, False),  # not found, fresh for 1 day
        (NOT_FOUND, 25, True),
    ],
)
async def test_cache_freshness(cached: str, age_hours: float, asked: bool) -> None:
    now = T0 + timedelta(hours=age_hours)
    cache = InMemoryCache(now=lambda: now)
    await cache.put(ident(1), outcome(cached))
    fake = FakeLmsClient(default=outcome(VERIFIED, now))
    (result,) = await check_many(fake, [ident(1)], concurrency=1, cache=cache)
    assert len(fake.calls) == (1 if asked else 0)
    assert result.cached is not asked


async def test_force_asks_again_and_failures_are_not_cached() -> None:
    cache = InMemoryCache(now=lambda: T0)
    await cache.put(ident(1), outcome(VERIFIED))
    fake = FakeLmsClient({"email:p2@desa.id": outcome(ERROR)}, default=outcome(PENDING))
    results = await check_many(fake, [ident(1), ident(2)], concurrency=2, cache=cache, force=True)
    assert len(fake.calls) == 2
    assert [r.outcome.result for r in results] == [PENDING, ERROR]
    hit = await cache.get(ident(1))
    assert hit is not None
    assert hit[0].result == VERIFIED
    assert await cache.get(ident(2)) is None


async def test_on_result_sync_and_async_and_a_raising_client() -> None:
    class Broken:
        async def lookup(self, identity: LmsIdentity) -> LookupOutcome:
            raise RuntimeError("bug")

    seen: list[CheckResult] = []

    async def record(result: CheckResult) -> None:
        seen.append(result)

    results = await check_many(Broken(), [ident(1), ident(2)], concurrency=2, on_result=record)
    assert len(seen) == 2
    assert all(r.outcome.result == ERROR and "bug" in (r.outcome.error or "") for r in results)
    plain: list[CheckResult] = []
    await check_many(FakeLmsClient(), [ident(3)], concurrency=1, on_result=plain.append)
    assert len(plain) == 1


async def test_empty_and_bad_concurrency() -> None:
    assert await check_many(FakeLmsClient(), [], concurrency=4) == []
    with pytest.raises(ValueError, match="concurrency"):
        await check_many(FakeLmsClient(), [ident(1)], concurrency=0)
