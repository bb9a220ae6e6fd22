"""Asking an LMS whether an official holds a certificate: the protocol, the httpx adapter, and a fake.

Words used here:

- *attempt*: one HTTP request. A *lookup* is one or more attempts for one identity.
- *transient failure*: worth retrying: a timeout, a connection error, a 5xx, or a 429. Retries wait with
  full-jitter exponential backoff, or exactly the Retry-After the LMS asked for (capped); a 429 also
  pauses every other lookup of this client until then.
- *failure* (for the circuit breaker): any attempt without a usable answer, except a 429 (a rate-limiting
  LMS is up). A usable answer resets the count.

How answers become results (see `contract` for the codes):

=====================================  ==============================================================
200 with JSON in the mapped shape      `terverifikasi` if a certificate has a counting status, else
                                       `tidak_ditemukan` (an empty list is "not found")
404 with a JSON body                   `tidak_ditemukan` (unknown identity)
404 without a JSON body                `galat` (probably a wrong URL, not an unknown official)
200 that is not JSON / wrong shape     `galat`, no retry; the SHA-256 of the raw body is kept
timeout, connection error, 5xx, 429    retried; `galat` when retries run out
401, 403, other 4xx                    `galat`, no retry
breaker open                           `tertunda`, no request made
=====================================  ==============================================================

What this module does not do: store anything, or remember answers (see `batch` for the cache).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol

import httpx

from app.lms.config import LmsSettings
from app.lms.contract import (
    ERROR,
    NOT_FOUND,
    PENDING,
    Certificate,
    LmsIdentity,
    LookupOutcome,
    Result,
    result_for,
)
from app.lms.mapping import ShapeError, extract_certificates
from app.lms.resilience import CircuitBreaker, Clock, SystemClock, backoff_delay, parse_retry_after

USER_AGENT = "lomba-desa-lms-client/1"


class LmsClient(Protocol):
    """Anything that can look an identity up. Implementations never raise for LMS trouble: they return
    an outcome with result `galat` or `tertunda` instead."""

    async def lookup(self, identity: LmsIdentity) -> LookupOutcome: ...


@dataclass
class _Attempt:
    """What one attempt left behind, for the outcome's evidence."""

    status: int | None = None
    sha256: str | None = None
    error: str | None = None


def sha256_hex(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class HttpLmsClient:
    """The httpx adapter speaking the contract in docs/lms-contract.md.

    One instance holds one connection pool, one breaker and one rate-limit pause; share it across the
    lookups of a run and close it afterwards (``async with HttpLmsClient(settings) as client``).
    `transport` lets unit tests plug an `httpx.MockTransport`; `clock` and `rng` make waits testable.
    """

    def __init__(
        self,
        settings: LmsSettings,
        *,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.rng = rng or random.Random()
        self.breaker = CircuitBreaker(settings.breaker_threshold, settings.breaker_cooldown, self.clock)
        self.requests_made = 0
        self._pause_until = 0.0
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if settings.auth_token:
            headers[settings.auth_header] = settings.auth_token
        self._http = httpx.AsyncClient(
            headers=headers,
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=None,  # callers bound concurrency; waiting for a pooled connection is not a failure
            ),
            limits=httpx.Limits(
                max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
            ),
            transport=transport,
            follow_redirects=False,
        )

    async def __aenter__(self) -> HttpLmsClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def lookup(self, identity: LmsIdentity) -> LookupOutcome:
        kind, value = identity.query
        params = {self.settings.query_params[kind]: value}
        attempts = 0
        last = _Attempt()
        while True:
            if not self.breaker.allow():
                return self._outcome(
                    PENDING, last, attempts, error="LMS circuit breaker open: lookup postponed"
                )
            try:
                await self._wait_for_pause()
                attempts += 1
                self.requests_made += 1
                verdict = await self._attempt(params)
            except BaseException:
                self.breaker.release()
                raise
            last = verdict.attempt
            if verdict.outcome is not None:
                return self._outcome(
                    verdict.outcome, last, attempts, error=last.error, certificates=verdict.certificates
                )
            if attempts > self.settings.max_retries:
                return self._outcome(
                    ERROR, last, attempts, error=f"gave up after {attempts} attempts: {last.error}"
                )
            if verdict.retry_after is None:
                await self.clock.sleep(
                    backoff_delay(
                        attempts - 1, self.settings.backoff_base, self.settings.backoff_max, self.rng
                    )
                )
            # A Retry-After was turned into a client-wide pause, awaited before the next attempt.

    async def _wait_for_pause(self) -> None:
        wait = self._pause_until - self.clock.monotonic()
        if wait > 0:
            await self.clock.sleep(wait)

    async def _attempt(self, params: Mapping[str, str]) -> _Verdict:
        try:
            response = await self._http.get(self.settings.url, params=params)
        except httpx.TimeoutException as exc:
            self.breaker.record_failure()
            return _Verdict(_Attempt(error=f"timeout ({type(exc).__name__})"))
        except httpx.RequestError as exc:  # connection refused/reset, protocol and decoding errors
            self.breaker.record_failure()
            return _Verdict(_Attempt(error=f"connection error ({type(exc).__name__}: {exc})"))
        attempt = _Attempt(status=response.status_code, sha256=sha256_hex(response.content))
        status = response.status_code
        if status == 429:
            self.breaker.record_success()  # rate limited means reachable
            delay = parse_retry_after(
                response.headers.get("Retry-After"), self.clock.now(), self.settings.retry_after_max
            )
            if delay is not None:
                self._pause_until = max(self._pause_until, self.clock.monotonic() + delay)
            attempt.error = f"HTTP 429 (Retry-After {response.headers.get('Retry-After')!r})"
            return _Verdict(attempt, retry_after=delay)
        if status >= 500:
            self.breaker.record_failure()
            attempt.error = f"HTTP {status}"
            return _Verdict(attempt)
        if status not in (200, 404):
            self.breaker.record_failure()
            attempt.error = f"HTTP {status}"
            return _Verdict(attempt, outcome=ERROR)
        try:
            body = json.loads(response.content)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            self.breaker.record_failure()
            what = (
                "404 without a JSON body (wrong LMS_BASE_URL or LMS_PATH?)"
                if status == 404
                else (f"malformed JSON ({exc})")
            )
            attempt.error = what
            return _Verdict(attempt, outcome=ERROR)
        if status == 404:
            self.breaker.record_success()
            return _Verdict(attempt, outcome=NOT_FOUND, certificates=())
        try:
            certificates = extract_certificates(body, self.settings.field_map)
        except ShapeError as exc:
            self.breaker.record_failure()
            attempt.error = f"unexpected response shape: {exc}"
            return _Verdict(attempt, outcome=ERROR)
        self.breaker.record_success()
        return _Verdict(
            attempt,
            outcome=result_for(certificates, self.settings.verified_statuses),
            certificates=certificates,
        )

    def _outcome(
        self,
        result: Result,
        last: _Attempt,
        attempts: int,
        *,
        error: str | None,
        certificates: tuple[Certificate, ...] = (),
    ) -> LookupOutcome:
        return LookupOutcome(
            result=result,
            certificates=certificates,
            http_status=last.status,
            response_sha256=last.sha256,
            error=error,
            attempts=attempts,
            checked_at=self.clock.now(),
        )


@dataclass
class _Verdict:
    """What to do after one attempt: finish with `outcome`, or retry (after `retry_after` if given)."""

    attempt: _Attempt
    outcome: Result | None = None
    certificates: tuple[Certificate, ...] = ()
    retry_after: float | None = None


FakeAnswer = LookupOutcome | Iterable[LookupOutcome] | Callable[[LmsIdentity], LookupOutcome]


class FakeLmsClient:
    """A scripted `LmsClient` for unit tests of callers. `answers` maps an identity key
    (``email:budi@desa.id``, see `LmsIdentity.key`) to one outcome, a list of outcomes handed out in turn
    (the last one repeats), or a function of the identity. Unknown keys get `default`.
    Every call is recorded in `calls`."""

    def __init__(
        self,
        answers: Mapping[str, FakeAnswer] | None = None,
        default: LookupOutcome | None = None,
    ) -> None:
        self._answers: dict[str, LookupOutcome | list[LookupOutcome] | Callable[[LmsIdentity], LookupOutcome]]
        self._answers = {}
        for key, answer in (answers or {}).items():
            if isinstance(answer, LookupOutcome) or callable(answer):
                self._answers[key] = answer
            else:
                self._answers[key] = list(answer)
        self.default = default or LookupOutcome(result=NOT_FOUND, attempts=1)
        self.calls: list[LmsIdentity] = []

    async def lookup(self, identity: LmsIdentity) -> LookupOutcome:
        self.calls.append(identity)
        answer = self._answers.get(identity.key, self.default)
        if isinstance(answer, list):
            return answer.pop(0) if len(answer) > 1 else answer[0]
        if isinstance(answer, LookupOutcome):
            return answer
        return answer(identity)
