"""The panel and assignment tabs: judge accounts, panel per stage, assignments, conflicts of interest."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.auth.tables import User
from app.competitions import catalogue, panel, repo
from app.competitions.errors import Refused
from app.competitions.pages import competition_or_404, form_of, page, who
from app.web import redirect


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


async def _panel_page(request: Request[Any, Any, Any], comp: dict[str, Any], status_code: int = 200,
                      **extra: Any) -> Template:
    members = await repo.panel(comp["id"])
    by_stage: dict[int, list[dict[str, Any]]] = {}
    for m in members:
        by_stage.setdefault(m["stage.id"], []).append(m)
    extra.setdefault("form", {})
    return await page(request, "competitions/panel.html", comp, "panel", status_code=status_code,
                      stages=await repo.stages(comp["id"]), by_stage=by_stage, judges=await panel.judges(),
                      entrants=await repo.entrants(comp["id"]), conflicts=await repo.conflicts(comp["id"]),
                      format_nip=panel.format_nip, **extra)


@get("/{competition_id:int}/panel", name="panel")
async def panel_page(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template:
    return await _panel_page(request, await competition_or_404(competition_id))


@post("/{competition_id:int}/panel/judges", name="panel_judge_create")
async def judge_create(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        user_id, generated = await panel.create_judge(form.data, *who(request))
    except Refused as refused:
        return await _panel_page(request, comp, refused.status_code, errors=refused.errors, form=form.data)
    if generated:
        # Shown once: the committee hands it to the judge, who should change it.
        return await _panel_page(request, comp, created={"username": form.data.get("username"),
                                                         "password": generated, "id": user_id})
    return redirect(f"/competitions/{competition_id}/panel?ok=judge")


@get("/{competition_id:int}/panel/judges/{user_id:int}", name="panel_judge")
async def judge_page(request: Request[Any, Any, Any], competition_id: FromPath[int],
                     user_id: FromPath[int]) -> Template:
    comp = await competition_or_404(competition_id)
    judge = await User.select(User.id, User.username, User.full_name, User.nip, User.jabatan, User.instansi,
                              User.home_region_code).where((User.id == user_id) & (User.role == "juri")).first()
    if judge is None:
        raise NotFoundException()
    return await page(request, "competitions/judge.html", comp, "panel", form=judge, judge=judge)


@post("/{competition_id:int}/panel/judges/{user_id:int}", name="panel_judge_save")
async def judge_save(request: Request[Any, Any, Any], competition_id: FromPath[int],
                     user_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        await panel.update_judge(user_id, form.data, competition_id, *who(request))
    except Refused as refused:
        judge = await User.select(User.id, User.username).where(User.id == user_id).first()
        if judge is None:
            raise NotFoundException() from refused
        return await page(request, "competitions/judge.html", comp, "panel", status_code=refused.status_code,
                          form=form.data, judge=judge, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/panel?ok=saved")


@post("/{competition_id:int}/panel/members", name="panel_member_add")
async def member_add(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    stage_id = _int(form.data.get("stage"))
    try:
        await panel.add_member(competition_id, stage_id, _int(form.data.get("judge")),
                               form.data.get("role", "anggota"), *who(request))
    except Refused as refused:
        return await _panel_page(request, comp, refused.status_code, member_errors={stage_id: refused.errors})
    return redirect(f"/competitions/{competition_id}/panel?ok=saved#stage-{stage_id}")


@post("/{competition_id:int}/panel/members/{member_id:int}/role", name="panel_member_role")
async def member_role(request: Request[Any, Any, Any], competition_id: FromPath[int],
                      member_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        await panel.set_member_role(competition_id, member_id, form.data.get("role", ""), *who(request))
    except Refused as refused:
        return await _panel_page(request, comp, refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/panel?ok=saved")


@post("/{competition_id:int}/panel/members/{member_id:int}/remove", name="panel_member_remove")
async def member_remove(request: Request[Any, Any, Any], competition_id: FromPath[int],
                        member_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    try:
        await panel.remove_member(competition_id, member_id, *who(request))
    except Refused as refused:
        return await _panel_page(request, comp, refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/panel?ok=removed")


@post("/{competition_id:int}/conflicts", name="panel_conflict")
async def conflict_add(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        await panel.declare_conflict(competition_id, _int(form.data.get("judge")), _int(form.data.get("entrant")),
                                     form.data.get("reason", ""), *who(request))
    except Refused as refused:
        return await _panel_page(request, comp, refused.status_code, conflict_errors=refused.errors,
                                 conflict_form=form.data)
    return redirect(f"/competitions/{competition_id}/panel?ok=conflict#conflicts")


async def _assign_page(request: Request[Any, Any, Any], comp: dict[str, Any], status_code: int = 200,
                       **extra: Any) -> Template:
    rows = await repo.assignments(comp["id"])
    stages = await repo.stages(comp["id"])
    members = await repo.panel(comp["id"])
    entrants = await repo.entrants(comp["id"])
    doc = await catalogue.document(comp["id"], await repo.current_version_id(comp["id"]))
    groups = [(d["code"], d["name"]) for d in doc["catalogue"]["domains"]] + [
        (a["code"], a["name"]) for d in doc["catalogue"]["domains"] for a in d.get("aspects") or []]
    matrix: dict[int, dict[tuple[int, int], dict[str, Any]]] = {}
    for r in rows:
        matrix.setdefault(r["stage.id"], {})[(r["judge.id"], r["entrant.id"])] = r
    judges_by_stage: dict[int, list[dict[str, Any]]] = {}
    panel_judges: dict[int, dict[str, Any]] = {}
    for m in members:
        judges_by_stage.setdefault(m["stage.id"], []).append(m)
        panel_judges.setdefault(m["judge.id"], m)
    extra.setdefault("form", {})
    return await page(request, "competitions/assignments.html", comp, "assignments", status_code=status_code,
                      stages=stages, entrants=entrants, matrix=matrix, judges_by_stage=judges_by_stage,
                      groups=groups, count=len(rows),
                      panel_judges=sorted(panel_judges.values(), key=lambda m: m["judge.full_name"]), **extra)


@get("/{competition_id:int}/assignments", name="assignments")
async def assignments_page(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template:
    return await _assign_page(request, await competition_or_404(competition_id))


@post("/{competition_id:int}/assignments", name="assignment_add")
async def assignment_add(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        await panel.assign(competition_id, _int(form.data.get("stage")), _int(form.data.get("judge")),
                           _int(form.data.get("entrant")), form.getall("group"), *who(request))
    except Refused as refused:
        return await _assign_page(request, comp, refused.status_code, errors=refused.errors, form=form.data,
                                  chosen_groups=form.getall("group"))
    return redirect(f"/competitions/{competition_id}/assignments?ok=assigned")


@post("/{competition_id:int}/assignments/all", name="assignment_all")
async def assignment_all(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        added, skipped = await panel.assign_all(competition_id, [_int(s) for s in form.getall("stages")],
                                                form.getall("group"), *who(request))
    except Refused as refused:
        return await _assign_page(request, comp, refused.status_code, bulk_errors=refused.errors)
    if skipped:
        return await _assign_page(request, comp, added=added, skipped=skipped)
    return redirect(f"/competitions/{competition_id}/assignments?ok=assigned")


@post("/{competition_id:int}/assignments/{assignment_id:int}/remove", name="assignment_remove")
async def assignment_remove(request: Request[Any, Any, Any], competition_id: FromPath[int],
                            assignment_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    try:
        await panel.unassign(competition_id, assignment_id, *who(request))
    except Refused as refused:
        return await _assign_page(request, comp, refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/assignments?ok=removed")


HANDLERS = [panel_page, judge_create, judge_page, judge_save, member_add, member_role, member_remove, conflict_add,
            assignments_page, assignment_add, assignment_all, assignment_remove]
