"""The database job runner: claim once, progress, failure, resume after a dead worker, the pages."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from app.jobs import runner
from app.jobs.tables import Job
from tests.conftest import login

SEEN: list[int] = []


@runner.handler("test_count")
async def count_job(ctx: runner.JobContext) -> None:
    total = int(ctx.params["n"])
    for i in range(total):
        SEEN.append(i)
        await ctx.progress(i + 1, total)
    await ctx.attach("hasil.txt", "text/plain", b"selesai")


@runner.handler("test_fail")
async def failing_job(ctx: runner.JobContext) -> None:
    raise RuntimeError("rusak")


@pytest.fixture(autouse=True)
def _clear() -> None:
    SEEN.clear()


async def test_a_job_runs_once_with_progress_and_file(db: Any) -> None:
    job_id = await runner.enqueue("test_count", {"n": 3})
    assert await runner.run_pending() == 1
    assert await runner.run_pending() == 0
    job = await runner.get(job_id)
    assert job is not None
    assert (job["status"], job["progress_done"], job["progress_total"]) == ("done", 3, 3)
    assert runner.percent(job) == 100
    assert SEEN == [0, 1, 2]


async def test_concurrent_claims_take_a_job_only_once(db: Any) -> None:
    await runner.enqueue("test_count", {"n": 1})
    claims = await asyncio.gather(*[runner.claim() for _ in range(5)])
    assert len([c for c in claims if c is not None]) == 1


async def test_a_failing_job_is_marked_failed(db: Any) -> None:
    job_id = await runner.enqueue("test_fail")
    await runner.run_pending()
    job = await runner.get(job_id)
    assert job is not None
    assert job["status"] == "failed"
    assert "rusak" in job["message"]


async def test_a_job_of_a_dead_worker_is_taken_up_again(db: Any) -> None:
    job_id = await runner.enqueue("test_count", {"n": 2})
    ctx = await runner.claim()
    assert ctx is not None
    assert await runner.claim() is None  # still beating
    await Job.update({Job.heartbeat_at: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)}).where(Job.id == job_id)
    again = await runner.claim()
    assert again is not None
    assert again.id == job_id
    await runner.run(again)
    assert (await runner.get(job_id))["status"] == "done"  # type: ignore[index]


async def test_unknown_kind_is_refused(db: Any) -> None:
    with pytest.raises(ValueError, match="no handler"):
        await runner.enqueue("tidak_ada")


async def test_job_pages_for_the_committee(client: Any, demo: dict[str, Any]) -> None:
    job_id = await runner.enqueue("test_count", {"n": 2}, created_by=demo["panitia_id"])
    await login(client, "panitia")
    page = await client.get(f"/jobs/{job_id}")
    assert page.status_code == 200
    assert 'http-equiv="refresh"' in page.text
    await runner.run_pending()
    data = (await client.get(f"/api/v1/jobs/{job_id}")).json()
    assert data["status"] == "done"
    assert data["percent"] == 100
    download = await client.get(data["file_url"])
    assert download.content == b"selesai"
    assert "hasil.txt" in download.headers["content-disposition"]


async def test_a_judge_cannot_see_someone_elses_job(client: Any, demo: dict[str, Any]) -> None:
    job_id = await runner.enqueue("test_count", {"n": 1}, created_by=demo["panitia_id"])
    await login(client, "juri1")
    assert (await client.get(f"/jobs/{job_id}")).status_code == 403
