"""The home page of each role and the health check."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Redirect, Response, Template

from app.auth import services as auth
from app.competitions import repo
from app.db import current_engine
from app.web import current_user, redirect, render


@get("/", name="home")
async def home(request: Request[Any, Any, Any]) -> Template | Redirect:
    user = current_user(request)
    if user is None:
        return redirect("/login")
    if user.role == "juri":
        rows = await repo.judge_assignments(user.id)
        stages: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            stages.setdefault(f"{row['stage_code']} · {row['stage_name']}", []).append(row)
        return render(request, "home/judge.html", stages=stages)
    competitions = await repo.competitions_for(user.id, user.role)
    for comp in competitions:
        comp["progress"] = await repo.progress(comp["id"])
        comp["entrant_count"] = len(await repo.entrants(comp["id"]))
    if user.role == "admin":
        return render(request, "home/admin.html", competitions=competitions, users=await auth.list_users())
    return render(request, "home/committee.html", competitions=competitions)


@get("/healthz", name="healthz", include_in_schema=True)
async def healthz() -> Response[dict[str, str]]:
    """``{"status": "ok"}`` when the database answers, 503 otherwise."""
    try:
        await current_engine().run_ddl("SELECT 1")
    except Exception:
        return Response({"status": "unavailable"}, status_code=503)
    return Response({"status": "ok"}, status_code=200)
