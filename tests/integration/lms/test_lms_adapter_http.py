"""The httpx adapter against the simulator running as a real server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import time

import httpx

from app.lms.client import HttpLmsClient
from app.lms.contract import ERROR, NOT_FOUND, PENDING, VERIFIED, LmsIdentity
from app.lms.sim_data import NESTED_FIELD_MAP, expected_verified, simulated_certificates
from app.lms.simulator import MALFORMED_BODY


def certified(pick) -> LmsIdentity:
    return pick(lambda b: b < 55)[0]


async def test_success_keeps_certificates_and_the_hash_of_the_raw_body(sim, pick) -> None:
    identity = certified(pick)
    async with HttpLmsClient(sim.settings()) as client:
        outcome = await client.lookup(identity)
    assert outcome.result == VERIFIED
    assert (outcome.http_status, outcome.attempts, outcome.error) == (200, 1, None)
    expected = simulated_certificates("email", identity.email or "")
    assert [c.to_dict() for c in outcome.certificates] == expected
    async with httpx.AsyncClient() as plain:
        raw = (await plain.get(sim.url + "/api/v1/certificates", params={"email": identity.email})).content
    assert outcome.response_sha256 == hashlib.sha256(raw).hexdigest()


async def test_not_found_three_ways(sim, pick) -> None:
    unknown = pick(lambda b: 70 <= b < 90)[0]  # 404
    no_certificate = pick(lambda b: b >= 90)[0]  # 200, empty list
    lapsed = pick(lambda b: 55 <= b < 70)[0]  # 200, only expired / revoked
    async with HttpLmsClient(sim.settings()) as client:
        a, b, c = [await client.lookup(i) for i in (unknown, no_certificate, lapsed)]
    assert (a.result, a.http_status, a.certificates) == (NOT_FOUND, 404, ())
    assert (b.result, b.http_status, b.certificates) == (NOT_FOUND, 200, ())
    assert c.result == NOT_FOUND
    assert c.certificates  # kept as evidence
    assert {x.status for x in c.certificates} <= {"expired", "revoked"}


async def test_phone_and_user_id_queries(sim, pick) -> None:
    async with HttpLmsClient(sim.settings()) as client:
        for identity, kind, value in [
            (LmsIdentity(phone="0812-3456-7890"), "phone", "6281234567890"),
            (LmsIdentity(user_id="LMS-000123"), "user_id", "LMS-000123"),
        ]:
            outcome = await client.lookup(identity)
            assert outcome.result == (VERIFIED if expected_verified(kind, value) else NOT_FOUND)
    assert set(sim.stats()["by_identity"]) == {"phone:6281234567890", "user_id:LMS-000123"}


async def test_timeout_then_success(sim, pick) -> None:
    identity = certified(pick)
    sim.configure(script={identity.key: ["timeout"]})
    started = time.monotonic()
    async with HttpLmsClient(sim.settings()) as client:
        outcome = await client.lookup(identity)
    assert outcome.result == VERIFIED
    assert outcome.attempts == 2
    assert time.monotonic() - started >= 0.3  # the read timeout really elapsed


async def test_timeouts_every_time_end_in_galat(sim, pick) -> None:
    identity = certified(pick)
    sim.configure(script={identity.key: ["timeout"] * 3})
    async with HttpLmsClient(sim.settings(max_retries=2, breaker_threshold=10)) as client:
        outcome = await client.lookup(identity)
    assert outcome.result == ERROR
    assert outcome.attempts == 3
    assert "timeout" in (outcome.error or "")
    stats = sim.stats()
    assert stats["by_identity"][identity.key] == 3
    assert stats["by_status"] == {"timeout": 3}


async def test_5xx_then_success(sim, pick) -> None:
    identity = certified(pick)
    sim.configure(script={identity.key: [503, 500, 502]})
    async with HttpLmsClient(sim.settings(breaker_threshold=10)) as client:
        outcome = await client.lookup(identity)
    assert outcome.result == VERIFIED
    assert outcome.attempts == 4
    assert sim.stats()["by_status"] == {"503": 1, "500": 1, "502": 1, "200": 1}


async def test_429_honours_retry_after(sim, pick) -> None:
    identity = certified(pick)
    sim.configure(retry_after=1, script={identity.key: [429]})
    started = time.monotonic()
    async with HttpLmsClient(sim.settings()) as client:
        outcome = await client.lookup(identity)
    waited = time.monotonic() - started
    assert outcome.result == VERIFIED
    assert outcome.attempts == 2
    assert waited >= 1.0  # backoff alone would be at most 0.05 s


async def test_malformed_json_is_galat_with_the_hash_of_the_raw_body(sim, pick) -> None:
    identity = certified(pick)
    sim.configure(script={identity.key: ["malformed"]})
    async with HttpLmsClient(sim.settings()) as client:
        outcome = await client.lookup(identity)
    assert outcome.result == ERROR
    assert outcome.http_status == 200
    assert outcome.response_sha256 == hashlib.sha256(MALFORMED_BODY).hexdigest()
    assert "malformed JSON" in (outcome.error or "")
    assert sim.requests == 1  # not retried


async def test_field_mapping_for_a_differently_shaped_response(sim, pick) -> None:
    identity = certified(pick)
    sim.configure(shape="nested")
    async with HttpLmsClient(sim.settings(field_map=NESTED_FIELD_MAP)) as client:
        mapped = await client.lookup(identity)
    async with HttpLmsClient(sim.settings()) as client:
        unmapped = await client.lookup(identity)
    expected = simulated_certificates("email", identity.email or "") or []
    assert mapped.result == VERIFIED
    assert [c.number for c in mapped.certificates] == [c["number"] for c in expected]
    assert [c.holder_name for c in mapped.certificates] == [c["holder_name"] for c in expected]
    assert unmapped.result == ERROR  # a shape it cannot read is an error, never "not certified"
    assert "unexpected response shape" in (unmapped.error or "")


async def test_auth_header_required(sim, pick) -> None:
    identity = certified(pick)
    sim.configure(token="rahasia", auth_header="X-LMS-Token")
    async with HttpLmsClient(sim.settings()) as client:
        refused = await client.lookup(identity)
    async with HttpLmsClient(sim.settings(auth_header="X-LMS-Token", auth_token="wrong")) as client:
        wrong = await client.lookup(identity)
    async with HttpLmsClient(sim.settings(auth_header="X-LMS-Token", auth_token="rahasia")) as client:
        allowed = await client.lookup(identity)
    assert (refused.result, refused.http_status, refused.attempts) == (ERROR, 401, 1)
    assert (wrong.result, wrong.http_status) == (ERROR, 401)
    assert allowed.result == VERIFIED


async def test_unreachable_lms_is_never_not_found(sim, pick) -> None:
    from app.lms.simulator import free_port

    settings = sim.settings(base_url=f"http://127.0.0.1:{free_port()}", breaker_threshold=2, max_retries=1)
    async with HttpLmsClient(settings) as client:
        first = await client.lookup(certified(pick))
        second = await client.lookup(certified(pick))
    assert first.result == ERROR
    assert "connection error" in (first.error or "")
    assert second.result == PENDING
