"""The adapter's decisions, driven through httpx.MockTransport with a fake clock (no sleeping)."""

import hashlib
import json
import random
from collections.abc import Callable

import httpx
import pytest

from app.lms.client import FakeLmsClient, HttpLmsClient
from app.lms.config import LmsSettings
from app.lms.contract import ERROR, NOT_FOUND, PENDING, VERIFIED, LmsIdentity, LookupOutcome

BUDI = LmsIdentity(email="budi@desa.id")
GOOD = {"certificates": [{"number": "N1", "status": "valid", "course_code": "PD-101"}]}


def settings(**changes: object) -> LmsSettings:
    base = LmsSettings(
        base_url="http://lms.test",
        max_retries=3,
        backoff_base=1.0,
        backoff_max=8.0,
        breaker_threshold=3,
        breaker_cooldown=30,
    )
    return base.with_(**changes)


def scripted(*responses: httpx.Response | Exception) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A transport answering requests in turn (the last answer repeats)."""
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handler), seen


def client_for(transport: httpx.MockTransport, clock, **changes: object) -> HttpLmsClient:
    return HttpLmsClient(settings(**changes), clock=clock, rng=random.Random(1), transport=transport)


async def test_query_auth_header_and_evidence(clock) -> None:
    body = json.dumps(GOOD).encode()
    transport, seen = scripted(httpx.Response(200, content=body))
    async with client_for(
        transport, clock, auth_header="X-Token", auth_token="t0k", query_params={"email": "mail"}
    ) as client:
        outcome = await client.lookup(BUDI)
    assert outcome.result == VERIFIED
    assert outcome.response_sha256 == hashlib.sha256(body).hexdigest()
    assert (outcome.http_status, outcome.attempts, outcome.error) == (200, 1, None)
    assert outcome.checked_at == clock.now()
    (request,) = seen
    assert request.url.path == "/api/v1/certificates"
    assert request.url.params["mail"] == "budi@desa.id"
    assert request.headers["X-Token"] == "t0k"


async def test_5xx_retries_with_growing_jittered_backoff(clock) -> None:
    transport, seen = scripted(
        httpx.Response(503), httpx.Response(502), httpx.Response(500), httpx.Response(200, json=GOOD)
    )
    async with client_for(transport, clock, breaker_threshold=10) as client:
        outcome = await client.lookup(BUDI)
    assert outcome.result == VERIFIED
    assert outcome.attempts == 4 == len(seen)
    assert len(clock.sleeps) == 3
    for retry, slept in enumerate(clock.sleeps):
        assert 0 <= slept <= 2**retry


async def test_retries_run_out_into_galat_never_not_found(clock) -> None:
    transport, seen = scripted(httpx.ReadTimeout("slow"))
    async with client_for(transport, clock, breaker_threshold=100) as client:
        outcome = await client.lookup(BUDI)
    assert outcome.result == ERROR
    assert outcome.attempts == 4 == len(seen)
    assert "timeout" in (outcome.error or "")
    assert outcome.http_status is None


async def test_429_waits_exactly_retry_after_and_pauses_other_lookups(clock) -> None:
    transport, _ = scripted(httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json=GOOD))
    async with client_for(transport, clock) as client:
        outcome = await client.lookup(BUDI)
    assert outcome.result == VERIFIED
    assert clock.sleeps == [7.0]


async def test_retry_after_is_capped(clock) -> None:
    transport, _ = scripted(
        httpx.Response(429, headers={"Retry-After": "3600"}), httpx.Response(200, json=GOOD)
    )
    async with client_for(transport, clock, retry_after_max=20) as client:
        await client.lookup(BUDI)
    assert clock.sleeps == [20.0]


@pytest.mark.parametrize(
    ("response", "result", "fragment"),
    [
        (httpx.Response(404, json={"detail": "unknown"}), NOT_FOUND, None),
        (httpx.Response(200, json={"certificates": []}), NOT_FOUND, None),
        (httpx.Response(200, json={"certificates": [{"number": "N", "status": "revoked"}]}), NOT_FOUND, None),
        (httpx.Response(404, text="<html>Not Found</html>"), ERROR, "404 without a JSON body"),
        (httpx.Response(200, text='{"certificates": ['), ERROR, "malformed JSON"),
        (httpx.Response(200, json={"items": []}), ERROR, "unexpected response shape"),
        (httpx.Response(401, json={"detail": "no"}), ERROR, "HTTP 401"),
        (httpx.Response(400, json={"detail": "no"}), ERROR, "HTTP 400"),
    ],
)
async def test_answers_that_are_not_retried(
    clock, response: httpx.Response, result: str, fragment: str | None
) -> None:
    transport, seen = scripted(response)
    async with client_for(transport, clock) as client:
        outcome = await client.lookup(BUDI)
    assert outcome.result == result
    assert len(seen) == 1
    assert clock.sleeps == []
    assert outcome.response_sha256 == hashlib.sha256(response.content).hexdigest()
    if fragment is None:
        assert outcome.error is None
    else:
        assert fragment in (outcome.error or "")


async def test_breaker_opens_then_lookups_are_pending_without_requests(clock) -> None:
    transport, seen = scripted(httpx.ConnectError("refused"))
    async with client_for(transport, clock, max_retries=1, breaker_threshold=3) as client:
        first = await client.lookup(BUDI)  # 2 failed attempts
        second = await client.lookup(LmsIdentity(email="sri@desa.id"))  # 1 more opens it
        third = await client.lookup(LmsIdentity(email="agus@desa.id"))
    assert first.result == ERROR
    assert second.result == PENDING
    assert second.attempts == 1
    assert third.result == PENDING
    assert third.attempts == 0
    assert len(seen) == 3
    assert client.breaker.state == "open"


async def test_breaker_half_open_probe_recovers(clock) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503) if len(calls) <= 2 else httpx.Response(200, json=GOOD)

    async with client_for(
        httpx.MockTransport(handler), clock, max_retries=0, breaker_threshold=2, breaker_cooldown=30
    ) as client:
        assert (await client.lookup(BUDI)).result == ERROR
        assert (await client.lookup(BUDI)).result == ERROR
        assert (await client.lookup(BUDI)).result == PENDING
        clock.advance(30)
        assert (await client.lookup(BUDI)).result == VERIFIED
        assert client.breaker.state == "closed"
    assert len(calls) == 3


async def test_fake_client_scripts_answers() -> None:
    verified = LookupOutcome(result=VERIFIED, attempts=1)
    error = LookupOutcome(result=ERROR, attempts=1)
    answer: Callable[[LmsIdentity], LookupOutcome] = lambda identity: verified  # noqa: E731
    fake = FakeLmsClient({"email:budi@desa.id": [error, verified], "phone:62811": answer})
    assert (await fake.lookup(BUDI)).result == ERROR
    assert (await fake.lookup(BUDI)).result == VERIFIED
    assert (await fake.lookup(BUDI)).result == VERIFIED
    assert (await fake.lookup(LmsIdentity(phone="0811"))).result == VERIFIED
    assert (await fake.lookup(LmsIdentity(user_id="x"))).result == NOT_FOUND
    assert len(fake.calls) == 5
