"""Job progress pages: a bar that survives reloads and restarts, JSON for scripts, and the result file."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Response, Template

from app.jobs import runner
from app.web import current_user, render, user_guard


async def _visible_job(request: Request[Any, Any, Any], job_id: int) -> dict[str, Any]:
    job = await runner.get(job_id)
    if job is None:
        raise NotFoundException()
    user = current_user(request)
    assert user is not None
    if not user.is_committee and job["created_by"] != user.id:
        raise PermissionDeniedException()
    return job


def _public(job: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": job["id"],
        "kind": job["kind"],
        "status": job["status"],
        "progress_done": job["progress_done"],
        "progress_total": job["progress_total"],
        "percent": runner.percent(job),
        "message": job["message"],
        "created_at": job["created_at"].isoformat() if job["created_at"] else None,
        "finished_at": job["finished_at"].isoformat() if job["finished_at"] else None,
        "file_url": f"/jobs/{job['id']}/file" if job["result_filename"] else None,
    }


@get("/jobs/{job_id:int}", name="job_page")
async def job_page(request: Request[Any, Any, Any], job_id: FromPath[int]) -> Template:
    job = await _visible_job(request, job_id)
    return render(request, "jobs/job.html", job=_public(job), back=request.query_params.get("back") or "/")


@get("/jobs/{job_id:int}/file", name="job_file")
async def job_file(request: Request[Any, Any, Any], job_id: FromPath[int]) -> Response[bytes]:
    job = await _visible_job(request, job_id)
    if not job["result_filename"]:
        raise NotFoundException()
    from app.jobs.tables import Job

    row = await Job.select(Job.result_file).where(Job.id == job_id).first()
    assert row is not None
    return Response(
        row["result_file"],
        media_type=job["result_content_type"] or "application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{job["result_filename"]}"'},
    )


@get("/api/v1/jobs/{job_id:int}", name="api_job")
async def job_json(request: Request[Any, Any, Any], job_id: FromPath[int]) -> dict[str, Any]:
    return _public(await _visible_job(request, job_id))


router = Router(path="/", route_handlers=[job_page, job_file, job_json], guards=[user_guard])
