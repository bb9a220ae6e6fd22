"""Background jobs that live in the database: enqueue, claim, report progress, resume after a crash.

Words: a *handler* is an async function registered for a job ``kind``; it receives a ``JobContext`` to
report progress and to attach a result file. Every app worker runs a small *runner* loop that claims
queued jobs one at a time. A job whose worker died (no heartbeat for ``STALE_AFTER``) is claimed again
and its handler runs again from the start, so handlers must be resumable: they skip work already
recorded (an LMS check already stored for this job, for example).

Nothing here is kept in process memory between requests except the handler registry, which is code.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.clock import now
from app.db import write_tx
from app.jobs.tables import Job

if TYPE_CHECKING:
    from app.settings import Settings

log = logging.getLogger("lomba_desa.jobs")

STALE_AFTER = dt.timedelta(seconds=60)
HEARTBEAT_EVERY = dt.timedelta(seconds=5)
POLL_SECONDS = 1.0

Handler = Callable[["JobContext"], Awaitable[None]]
_HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``fn`` as the handler of jobs of ``kind``."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


@dataclass
class JobContext:
    id: int
    kind: str
    params: dict[str, Any]
    competition_id: int | None
    created_by: int | None
    _last_beat: dt.datetime
    # The settings of the process running the job (the app's, or the command line's); None in tests of
    # handlers that need none.
    settings: Settings | None = None

    async def progress(self, done: int, total: int | None = None, message: str | None = None) -> None:
        values: dict[Any, Any] = {Job.progress_done: done, Job.heartbeat_at: now()}
        if total is not None:
            values[Job.progress_total] = total
        if message is not None:
            values[Job.message] = message
        await Job.update(values).where(Job.id == self.id)
        self._last_beat = now()

    async def heartbeat(self) -> None:
        if now() - self._last_beat >= HEARTBEAT_EVERY:
            await Job.update({Job.heartbeat_at: now()}).where(Job.id == self.id)
            self._last_beat = now()

    async def attach(self, filename: str, content_type: str, data: bytes) -> None:
        await Job.update(
            {Job.result_filename: filename, Job.result_content_type: content_type, Job.result_file: data}
        ).where(Job.id == self.id)


async def enqueue(
    kind: str, params: dict[str, Any] | None = None, *, competition_id: int | None = None,
    created_by: int | None = None, total: int = 0,
) -> int:
    if kind not in _HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    rows = await Job.insert(
        Job(kind=kind, params=params or {}, competition_id=competition_id, created_by=created_by,
            created_at=now(), progress_total=total)
    ).returning(Job.id)
    return int(rows[0]["id"])


async def claim(settings: Settings | None = None, *, only: int | None = None) -> JobContext | None:
    """Take the oldest queued job, or one whose worker stopped beating; None when there is none.

    ``only`` restricts the claim to one job id (the command line runs the job it enqueued).
    """
    async with write_tx():
        stale = now() - STALE_AFTER
        query = Job.select(Job.id).where(
            (Job.kind.is_in(list(_HANDLERS) or [""]))
            & ((Job.status == "queued") | ((Job.status == "running") & (Job.heartbeat_at < stale)))
        )
        if only is not None:
            query = query.where(Job.id == only)
        candidate = await query.order_by(Job.id).first()
        if candidate is None:
            return None
        at = now()
        rows = await Job.update(
            {Job.status: "running", Job.heartbeat_at: at, Job.started_at: at}
        ).where(
            (Job.id == candidate["id"])
            & ((Job.status == "queued") | ((Job.status == "running") & (Job.heartbeat_at < stale)))
        ).returning(Job.id, Job.kind, Job.params, Job.competition_id, Job.created_by)
    if not rows:
        return None
    row = rows[0]
    params = row["params"]
    if isinstance(params, str):  # JSON columns come back as text unless asked otherwise
        params = json.loads(params or "{}")
    return JobContext(
        id=row["id"], kind=row["kind"], params=params or {}, competition_id=row["competition_id"],
        created_by=row["created_by"], _last_beat=at, settings=settings,
    )


async def run(ctx: JobContext) -> None:
    try:
        await _HANDLERS[ctx.kind](ctx)
    except Exception as exc:
        log.exception("job %s (%s) failed", ctx.id, ctx.kind)
        await Job.update(
            {Job.status: "failed", Job.finished_at: now(), Job.message: f"{type(exc).__name__}: {exc}"[:2000]}
        ).where(Job.id == ctx.id)
        return
    await Job.update({Job.status: "done", Job.finished_at: now()}).where(Job.id == ctx.id)


async def run_pending(settings: Settings | None = None, *, only: int | None = None) -> int:
    """Run every claimable job now (or just job ``only``), one after the other; returns how many ran
    (tests and the command line use it)."""
    count = 0
    while (ctx := await claim(settings, only=only)) is not None:
        await run(ctx)
        count += 1
    return count


async def runner_loop(stop: asyncio.Event, settings: Settings | None = None) -> None:
    """The loop each app worker runs in the background until ``stop`` is set."""
    while not stop.is_set():
        try:
            ctx = await claim(settings)
            if ctx is not None:
                await run(ctx)
                continue
        except Exception:
            log.exception("job runner error")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=POLL_SECONDS)


async def get(job_id: int) -> dict[str, Any] | None:
    return await Job.select(Job.all_columns(exclude=[Job.result_file])).where(Job.id == job_id).first()


def percent(job: dict[str, Any]) -> int:
    total = job.get("progress_total") or 0
    if job.get("status") == "done":
        return 100
    return int(100 * (job.get("progress_done") or 0) / total) if total else 0
