"""Checking officials' certificates over HTTP as a background job recorded in the database.

Words used here:

- *scope*: which officials one run checks: ``official`` (that one official), ``entrant`` (the active
  officials of one village) or ``competition`` (the active officials of every village).
- *identity*: how the LMS knows an official (e-mail, phone or LMS user id; see `contract.LmsIdentity`).
  Officials with none are not asked and get no check; the job's message counts them
  ("tanpa identitas LMS") so the committee can complete the register.
- *proven*: an official with an ``import`` or ``manual`` ``terverifikasi`` check. Proof does not expire
  here: a proven official is not asked again unless the run is forced.
- *cached*: an official whose latest ``http`` check is fresh (`batch.is_fresh` with the TTLs of
  `LmsSettings`). A cached or proven official is counted as done and gets no new row: the existing row
  stands as the evidence.
- *done in this job*: officials that already have a check row carrying this job's id. A job taken up
  again after its worker died (see `app.jobs.runner`) skips them, so it only asks the rest.

Every answer becomes one `CertificateCheck` row (source ``http``, the job, who started it, result,
certificates, HTTP status, SHA-256 of the raw response, error text, time), written as results arrive by
one writer task, so the HTTP workers never wait for the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.audit.services import record
from app.clock import now
from app.db import write_tx
from app.i18n import _
from app.jobs import runner
from app.jobs.tables import Job
from app.lms.batch import CheckResult, check_many
from app.lms.client import HttpLmsClient, LmsClient
from app.lms.config import LmsSettings
from app.lms.contract import (
    ERROR,
    NOT_FOUND,
    PENDING,
    SOURCE_HTTP,
    VERIFIED,
    Certificate,
    LmsIdentity,
    LookupOutcome,
)
from app.officials.tables import CertificateCheck, Official

JOB_KIND = "lms_check"
SCOPES = ("official", "entrant", "competition")
PROOF_SOURCES = ("import", "manual")
CHUNK = 500  # ids per IN (...) list: well under SQLite's variable limit


class ScopeNotFound(LookupError):
    """The official, village or competition of a check does not exist."""


@dataclass(frozen=True)
class Target:
    """One official a run may check; `identity` is None when the register has no e-mail, phone or id."""

    official_id: int
    entrant_id: int
    identity: LmsIdentity | None


def identity_of(row: dict[str, Any]) -> LmsIdentity | None:
    try:
        return LmsIdentity(email=row["email"] or None, phone=row["phone"] or None,
                           user_id=row["lms_user_id"] or None)
    except ValueError:
        return None


@dataclass(frozen=True)
class CheckParams:
    scope: str
    id: int
    force: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckParams:
        scope = str(data.get("scope"))
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}; expected one of {SCOPES}")
        return cls(scope=scope, id=int(data["id"]), force=bool(data.get("force", False)))

    def to_dict(self) -> dict[str, Any]:
        return {"scope": self.scope, "id": self.id, "force": self.force}


async def competition_of(scope: str, target_id: int) -> int:
    """The competition a scope belongs to; raises `ScopeNotFound`."""
    from app.competitions.tables import Competition, Entrant

    if scope == "competition":
        row = await Competition.select(Competition.id).where(Competition.id == target_id).first()
        found = row["id"] if row else None
    elif scope == "entrant":
        row = await Entrant.select(Entrant.competition).where(Entrant.id == target_id).first()
        found = row["competition"] if row else None
    else:
        row = await Official.select(Official.entrant.competition.as_alias("competition")).where(
            Official.id == target_id
        ).first()
        found = row["competition"] if row else None
    if found is None:
        raise ScopeNotFound(f"{scope} {target_id} does not exist")
    return int(found)


async def targets(scope: str, target_id: int) -> list[Target]:
    """The officials in scope (active ones, except for a single official asked for by id), by id."""
    query = Official.select(
        Official.id, Official.entrant, Official.email, Official.phone, Official.lms_user_id
    )
    if scope == "official":
        query = query.where(Official.id == target_id)
    elif scope == "entrant":
        query = query.where((Official.entrant == target_id) & Official.active.eq(True))
    else:
        query = query.where((Official.entrant.competition.id == target_id) & Official.active.eq(True))
    rows = await query.order_by(Official.id)
    return [Target(r["id"], r["entrant"], identity_of(r)) for r in rows]


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _certificates(raw: Any) -> tuple[Certificate, ...]:
    if isinstance(raw, str):
        raw = json.loads(raw or "[]")
    return tuple(Certificate.from_dict(c) for c in raw or () if isinstance(c, dict))


def outcome_of(row: dict[str, Any]) -> LookupOutcome:
    """A stored check as the `LookupOutcome` it recorded."""
    return LookupOutcome(
        result=row["result"], certificates=_certificates(row["certificates"]), http_status=row["http_status"],
        response_sha256=row["response_sha256"] or None, error=row["error"] or None,
        attempts=0, checked_at=row["checked_at"],
    )


class DbOutcomeCache:
    """The `batch.OutcomeCache` of one run, read from the stored checks of the officials in scope.

    For each identity: a proof (import/manual verified) if there is one, reported with age 0 so it is
    always fresh; otherwise the latest ``http`` check with its real age (a ``galat``/``tertunda`` one is
    never fresh, so that official is asked again). Loaded once per run; `put` only remembers in memory,
    because the job writes the evidence rows itself.
    """

    def __init__(self, entries: dict[str, tuple[LookupOutcome, bool]]) -> None:
        self._entries = entries  # identity key -> (outcome, proven)

    @classmethod
    async def load(cls, chosen: Iterable[Target]) -> DbOutcomeCache:
        by_official = {t.official_id: t.identity for t in chosen if t.identity is not None}
        latest: dict[int, dict[str, Any]] = {}
        proof: dict[int, dict[str, Any]] = {}
        for ids in _chunks(sorted(by_official)):
            rows = await CertificateCheck.select(
                CertificateCheck.id, CertificateCheck.official, CertificateCheck.source, CertificateCheck.result,
                CertificateCheck.certificates, CertificateCheck.http_status, CertificateCheck.response_sha256,
                CertificateCheck.error, CertificateCheck.checked_at,
            ).where(
                CertificateCheck.official.is_in(ids)
                & (
                    (CertificateCheck.source == SOURCE_HTTP)
                    | (CertificateCheck.source.is_in(list(PROOF_SOURCES)) & (CertificateCheck.result == VERIFIED))
                )
            )
            for row in rows:
                target = proof if row["source"] in PROOF_SOURCES else latest
                current = target.get(row["official"])
                if current is None or (row["checked_at"], row["id"]) > (current["checked_at"], current["id"]):
                    target[row["official"]] = row
        entries: dict[str, tuple[LookupOutcome, bool]] = {}
        for official_id, identity in by_official.items():
            if official_id in proof:
                entries[identity.key] = (outcome_of(proof[official_id]), True)
            elif official_id in latest:
                entries[identity.key] = (outcome_of(latest[official_id]), False)
        return cls(entries)

    async def get(self, identity: LmsIdentity) -> tuple[LookupOutcome, float] | None:
        entry = self._entries.get(identity.key)
        if entry is None:
            return None
        outcome, proven = entry
        return outcome, 0.0 if proven else (now() - outcome.checked_at).total_seconds()

    async def put(self, identity: LmsIdentity, outcome: LookupOutcome) -> None:
        self._entries[identity.key] = (outcome, False)


class _Recorder:
    """The one writer of a run: takes results from the HTTP workers through a queue and writes them in
    batches (one transaction per batch), with the job's progress; beats the job's heart while idle."""

    def __init__(self, ctx: runner.JobContext, done: int, total: int) -> None:
        self.ctx = ctx
        self.done = done
        self.total = total
        self.counts: Counter[str] = Counter()
        self.cached = 0
        self._queue: asyncio.Queue[CheckResult[int] | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def put(self, result: CheckResult[int]) -> None:
        """Called by `check_many` as each result arrives; never waits for the database."""
        if self._task is not None and self._task.done() and self._task.exception() is not None:
            raise RuntimeError("the LMS check recorder stopped") from self._task.exception()
        self._queue.put_nowait(result)

    async def close(self) -> None:
        """Write what is left and stop."""
        self._queue.put_nowait(None)
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        while True:
            try:
                first = await asyncio.wait_for(self._queue.get(), timeout=1.0)
            except TimeoutError:
                await self.ctx.heartbeat()  # a long wait (timeouts, Retry-After) is not a dead worker
                continue
            batch = [first]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            stop = None in batch
            await self._write([r for r in batch if r is not None], final=stop)
            if stop:
                return

    async def _write(self, batch: list[CheckResult[int]], final: bool) -> None:
        rows = [
            CertificateCheck(
                official=r.key, job=self.ctx.id, started_by=self.ctx.created_by, source=SOURCE_HTTP,
                result=r.outcome.result, certificates=[c.to_dict() for c in r.outcome.certificates],
                http_status=r.outcome.http_status, response_sha256=r.outcome.response_sha256 or "",
                error=(r.outcome.error or "")[:2000], checked_at=r.outcome.checked_at,
            )
            for r in batch
            if not r.cached
        ]
        for r in batch:
            self.counts[r.outcome.result] += 1
            self.cached += r.cached
        self.done += len(batch)
        async with write_tx():  # the rows and the progress they make, together
            if rows:
                await CertificateCheck.insert(*rows)
            if batch or final:
                await self.ctx.progress(self.done, self.total)


async def done_in_job(job_id: int, official_ids: Sequence[int]) -> set[int]:
    """Officials that already have a check row of this job (work of an earlier attempt of the job)."""
    found: set[int] = set()
    for ids in _chunks(list(official_ids)):
        rows = await CertificateCheck.select(CertificateCheck.official).where(
            (CertificateCheck.job == job_id) & CertificateCheck.official.is_in(ids)
        )
        found.update(r["official"] for r in rows)
    return found


@dataclass
class RunSummary:
    """What one run (or resumed run) of a job did. `counts` are results of this attempt, cached included."""

    total: int
    skipped_done: int
    without_identity: int
    cached: int
    counts: dict[str, int]
    requests: int


async def run_check(
    ctx: runner.JobContext, lms: LmsSettings, client: LmsClient | None = None
) -> RunSummary:
    """The work of an ``lms_check`` job; `client` lets tests plug another `LmsClient` (default: HTTP)."""
    params = CheckParams.from_dict(ctx.params)
    chosen = await targets(params.scope, params.id)
    with_identity = [t for t in chosen if t.identity is not None]
    without = len(chosen) - len(with_identity)
    already = await done_in_job(ctx.id, [t.official_id for t in with_identity])
    remaining = [t for t in with_identity if t.official_id not in already]
    total = len(with_identity)
    await ctx.progress(len(already), total, message=_("Checking certificates…"))
    cache = await DbOutcomeCache.load(remaining)
    recorder = _Recorder(ctx, len(already), total)
    http = HttpLmsClient(lms) if client is None else None
    lookup: LmsClient = http if http is not None else client  # type: ignore[assignment]
    recorder.start()
    try:
        await check_many(
            lookup, [(t.official_id, t.identity) for t in remaining], concurrency=lms.concurrency,
            cache=cache, force=params.force, on_result=recorder.put, ttl_seconds=lms.cache_ttl_seconds,
            negative_ttl_seconds=lms.negative_cache_ttl_seconds,
        )
    finally:
        with contextlib.suppress(Exception):
            await recorder.close()
        if http is not None:
            await http.aclose()
    summary = RunSummary(
        total=total, skipped_done=len(already), without_identity=without, cached=recorder.cached,
        counts=dict(recorder.counts), requests=http.requests_made if http is not None else 0,
    )
    await ctx.progress(recorder.done, total, message=summary_message(summary))
    return summary


def summary_message(s: RunSummary) -> str:
    c = s.counts
    parts = [
        _("%(n)d officials checked") % {"n": s.total},
        _("verified %(n)d") % {"n": c.get(VERIFIED, 0)},
        _("not found %(n)d") % {"n": c.get(NOT_FOUND, 0)},
        _("error %(n)d") % {"n": c.get(ERROR, 0)},
        _("pending %(n)d") % {"n": c.get(PENDING, 0)},
        _("from the cache %(n)d") % {"n": s.cached},
    ]
    if s.skipped_done:
        parts.append(_("already done before a restart %(n)d") % {"n": s.skipped_done})
    if s.without_identity:
        parts.append(_("without an LMS identity %(n)d") % {"n": s.without_identity})
    text = "; ".join(parts) + "."
    if c.get(ERROR, 0) or c.get(PENDING, 0):
        text += " " + _("The LMS did not answer for some officials; run the check again later.")
    return text


@runner.handler(JOB_KIND)
async def lms_check_job(ctx: runner.JobContext) -> None:
    from app.settings import Settings

    settings = ctx.settings or Settings.from_env()
    await run_check(ctx, settings.lms)


async def enqueue_check(
    scope: str, target_id: int, *, force: bool = False, actor_id: int | None = None, ip: str = ""
) -> int:
    """Queue an ``lms_check`` job (with an audit row); returns the job id. Raises `ScopeNotFound`."""
    params = CheckParams.from_dict({"scope": scope, "id": target_id, "force": force})
    competition_id = await competition_of(scope, target_id)
    total = sum(1 for t in await targets(scope, target_id) if t.identity is not None)
    async with write_tx():
        job_id = await runner.enqueue(JOB_KIND, params.to_dict(), competition_id=competition_id,
                                      created_by=actor_id, total=total)
        await record("lms_check", "job", job_id, user_id=actor_id, competition_id=competition_id,
                     after=params.to_dict(), ip=ip)
    return job_id


async def latest_job(competition_id: int) -> dict[str, Any] | None:
    """The newest ``lms_check`` job of a competition, with its ``percent``."""
    row = await Job.select(
        Job.id, Job.status, Job.progress_done, Job.progress_total, Job.message, Job.params, Job.created_at,
        Job.finished_at,
    ).where((Job.kind == JOB_KIND) & (Job.competition_id == competition_id)).order_by(
        Job.id, ascending=False
    ).first()
    if row is None:
        return None
    row["percent"] = runner.percent(row)
    if isinstance(row["params"], str):
        row["params"] = json.loads(row["params"] or "{}")
    return row
