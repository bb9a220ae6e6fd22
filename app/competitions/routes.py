"""The committee's competition pages: list, create, summary, edit, status, progress, audit.

The other tabs live beside this file (``routes_entrants``, ``routes_criteria``, ``routes_panel``) and are
mounted on the same router. Handlers stay thin: read the form, call one service, render or redirect.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from app.competitions import files, promotion, repo, routes_criteria, routes_entrants, routes_panel, services
from app.competitions.catalogue import plain
from app.competitions.errors import Refused
from app.competitions.pages import competition_or_404, form_of, page, who
from app.competitions.tables import LEVELS, TRACKS
from app.i18n import _
from app.web import committee_guard, current_user, redirect, render


@get("/", name="competitions")
async def competition_list(request: Request[Any, Any, Any]) -> Template:
    user = current_user(request)
    assert user is not None
    rows = await repo.competitions_for(user.id, user.role)
    for row in rows:
        row["progress"] = await repo.progress(row["id"])
        row["entrant_count"] = len(await repo.entrants(row["id"]))
    return render(request, "competitions/list.html", competitions=rows)


async def _form_page(request: Request[Any, Any, Any], comp: dict[str, Any] | None, form: dict[str, Any],
                     errors: dict[str, list[str]], status_code: int = 200, **extra: Any) -> Template:
    level = form.get("level") or (comp or {}).get("level") or "kabupaten"
    context = {
        "form": form, "errors": errors, "levels": LEVELS, "tracks": TRACKS, "papers": services.PAPERS,
        "organisers": await services.organiser_choices(level), **extra,
    }
    if comp is None:
        return render(request, "competitions/new.html", status_code=status_code, **context)
    stages = await repo.stages(comp["id"])
    context.setdefault("stage_rows", [
        {"index": i, "code": s["code"], "name": s["name"], "weight": plain(s["weight"]), "order": s["position"],
         "top_n": s["top_n"] or ""} for i, s in enumerate(stages, start=1)])
    context.setdefault("rules", comp["rules"] if isinstance(comp["rules"], dict) else {})
    return await page(request, "competitions/edit.html", comp, "summary", status_code=status_code, **context)


@get("/new", name="competition_new")
async def competition_new(request: Request[Any, Any, Any]) -> Template:
    return await _form_page(request, None, {"year": "2026", "level": "kabupaten", "track": "desa", "paper": "F4",
                                            "document_number_prefix": "400.10.2.1",
                                            "document_unit_code": "PD.DPMD"}, {})


@post("/new", name="competition_create")
async def competition_create(request: Request[Any, Any, Any]) -> Template | Redirect:
    form = await form_of(request)
    try:
        comp_id = await services.create_competition(form.data, *who(request))
    except Refused as refused:
        return await _form_page(request, None, form.data, refused.errors, refused.status_code)
    return redirect(f"/competitions/{comp_id}?ok=created")


def _identity_form(comp: dict[str, Any]) -> dict[str, Any]:
    form = {k: comp.get(k) for k in services.IDENTITY_FIELDS}
    form["organiser_region"] = f"{comp['organiser_region.name']} ({comp['organiser_region']})"
    return form


@get("/{competition_id:int}", name="competition")
async def competition_summary(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template:
    comp = await competition_or_404(competition_id)
    return await page(
        request, "competitions/summary.html", comp, "summary",
        stages=await repo.stages(competition_id), readiness=await services.readiness(competition_id),
        next_status=services.next_status(comp["status"]), entrant_count=len(await repo.entrants(competition_id)),
        has_logo=await services.logo(competition_id) is not None,
        children=await promotion.children(competition_id),
    )


@get("/{competition_id:int}/edit", name="competition_edit")
async def competition_edit(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template:
    comp = await competition_or_404(competition_id)
    return await _form_page(request, comp, _identity_form(comp), {})


@post("/{competition_id:int}/edit", name="competition_update")
async def competition_update(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        upload = await form.file("logo")
        logo = None
        if upload is not None:
            try:
                logo = (upload[1], files.logo(upload[1]))
            except files.FileProblem as problem:
                raise Refused.one("logo", _(problem.message)) from problem
        await services.update_identity(competition_id, form.data, logo, form.data.get("remove_logo") == "on",
                                       *who(request))
    except Refused as refused:
        return await _form_page(request, comp, form.data, refused.errors, refused.status_code)
    return redirect(f"/competitions/{competition_id}/edit?ok=saved")


@post("/{competition_id:int}/stages", name="competition_stages")
async def competition_stages(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        await services.save_stages(competition_id, form.data, *who(request))
    except Refused as refused:
        rows = services.parse_stage_rows(form.data)
        rows += [{"index": int(k.split("-")[1]), "code": "", "name": "", "weight": "", "order": "", "top_n": ""}
                 for k in form.data if k.endswith("-code") and k.startswith("stage-") and not form.data[k].strip()
                 and not form.data.get(k.replace("-code", "-name"), "").strip()][:1]
        for r in rows:
            r["top_n"] = r.get("only_top_n") or r.get("top_n") or ""
        return await _form_page(request, comp, _identity_form(comp), refused.errors, refused.status_code,
                                stage_rows=rows, stage_errors=True)
    return redirect(f"/competitions/{competition_id}/edit?ok=saved#stages")


@post("/{competition_id:int}/rules", name="competition_rules")
async def competition_rules(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        await services.save_rules(competition_id, form.data, *who(request))
    except Refused as refused:
        return await _form_page(request, comp, _identity_form(comp), refused.errors, refused.status_code,
                                rules=services.parse_rules(form.data), rule_errors=True)
    return redirect(f"/competitions/{competition_id}/edit?ok=saved#rules")


@post("/{competition_id:int}/status", name="competition_status")
async def competition_status(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        await services.move_status(competition_id, form.data.get("status", ""), *who(request))
    except Refused as refused:
        return await page(
            request, "competitions/summary.html", comp, "summary", status_code=refused.status_code,
            errors=refused.errors, stages=await repo.stages(competition_id),
            readiness=await services.readiness(competition_id), next_status=services.next_status(comp["status"]),
            entrant_count=len(await repo.entrants(competition_id)),
            has_logo=await services.logo(competition_id) is not None,
            children=await promotion.children(competition_id),
        )
    return redirect(f"/competitions/{competition_id}?ok=status")


@get("/{competition_id:int}/logo", name="competition_logo")
async def competition_logo(competition_id: FromPath[int]) -> Response[bytes]:
    found = await services.logo(competition_id)
    if found is None:
        return Response(b"", status_code=404)
    return Response(found[0], media_type=found[1], headers={"Cache-Control": "private, max-age=60"})


@get("/{competition_id:int}/progress", name="competition_progress")
async def competition_progress(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template:
    comp = await competition_or_404(competition_id)
    return await page(request, "competitions/progress.html", comp, "progress",
                      board=await repo.progress_board(competition_id))


@get("/{competition_id:int}/audit", name="competition_audit")
async def competition_audit(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template:
    comp = await competition_or_404(competition_id)
    return await page(request, "competitions/audit.html", comp, "audit", entries=await repo.audit_log(competition_id))


@get("/{competition_id:int}/promote", name="competition_promote")
async def competition_promote(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template:
    comp = await competition_or_404(competition_id)
    return await page(request, "competitions/promote.html", comp, "summary", **await promotion.form_context(comp))


@post("/{competition_id:int}/promote", name="competition_promote_post")
async def competition_promote_post(request: Request[Any, Any, Any],
                                   competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        new_id = await promotion.promote(comp, form.data, [int(x) for x in form.getall("entrant") if x.isdigit()],
                                         *who(request))
    except Refused as refused:
        context = await promotion.form_context(comp)
        context["form"] = form.data
        return await page(request, "competitions/promote.html", comp, "summary", status_code=refused.status_code,
                          errors=refused.errors, **context)
    return redirect(f"/competitions/{new_id}?ok=promoted")


router = Router(
    path="/competitions",
    route_handlers=[
        competition_list, competition_new, competition_create, competition_summary, competition_edit,
        competition_update, competition_stages, competition_rules, competition_status, competition_logo,
        competition_progress, competition_audit, competition_promote, competition_promote_post,
        *routes_entrants.HANDLERS, *routes_criteria.HANDLERS, *routes_panel.HANDLERS,
    ],
    guards=[committee_guard],
)
