"""The villages tab: search and tick villages of the region, import a list, eligibility per village."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.competitions import entrants, repo
from app.competitions.errors import Refused
from app.competitions.pages import competition_or_404, form_of, page, who
from app.web import redirect


async def _page(request: Request[Any, Any, Any], comp: dict[str, Any], q: str = "", kecamatan: str = "",
                status_code: int = 200, **extra: Any) -> Template:
    searched = bool(q or kecamatan or request.query_params.get("search"))
    return await page(
        request, "competitions/entrants.html", comp, "entrants", status_code=status_code,
        entrants=await repo.entrants(comp["id"]), kecamatan_options=await entrants.kecamatan_options(comp),
        candidates=await entrants.candidates(comp, q, kecamatan) if searched else [], searched=searched,
        q=q, kecamatan=kecamatan, limit=entrants.CANDIDATE_LIMIT, **extra,
    )


@get("/{competition_id:int}/entrants", name="entrants")
async def entrant_list(request: Request[Any, Any, Any], competition_id: FromPath[int],
                       q: FromQuery[str | None] = None, kecamatan: FromQuery[str | None] = None) -> Template:
    comp = await competition_or_404(competition_id)
    return await _page(request, comp, q or "", kecamatan or "")


@post("/{competition_id:int}/entrants", name="entrants_add")
async def entrant_add(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    items = [("", code) for code in form.getall("code")]
    items += [("", line) for line in form.data.get("codes", "").replace(",", "\n").splitlines() if line.strip()]
    try:
        await entrants.add(competition_id, items, "picker", "codes", *who(request))
    except Refused as refused:
        return await _page(request, comp, form.data.get("q", ""), form.data.get("kecamatan", ""),
                           status_code=refused.status_code, errors=refused.errors, codes=form.data.get("codes", ""))
    return redirect(f"/competitions/{competition_id}/entrants?ok=added")


@post("/{competition_id:int}/entrants/import", name="entrants_import")
async def entrant_import(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    upload = await form.file("file")
    try:
        await entrants.import_file(competition_id, upload[0] if upload else "", upload[1] if upload else b"",
                                   *who(request))
    except Refused as refused:
        return await _page(request, comp, status_code=refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/entrants?ok=imported")


async def _entrant_page(request: Request[Any, Any, Any], comp: dict[str, Any], entrant_id: int,
                        status_code: int = 200, **extra: Any) -> Template:
    try:
        row = await entrants.entrant(comp["id"], entrant_id)
    except Refused as refused:
        from litestar.exceptions import NotFoundException

        raise NotFoundException() from refused
    return await page(request, "competitions/entrant.html", comp, "entrants", status_code=status_code,
                      entrant=row, items=await entrants.eligibility_items(comp["id"]), **extra)


@get("/{competition_id:int}/entrants/{entrant_id:int}", name="entrant")
async def entrant_detail(request: Request[Any, Any, Any], competition_id: FromPath[int],
                         entrant_id: FromPath[int]) -> Template:
    comp = await competition_or_404(competition_id)
    return await _entrant_page(request, comp, entrant_id)


@post("/{competition_id:int}/entrants/{entrant_id:int}", name="entrant_save")
async def entrant_save(request: Request[Any, Any, Any], competition_id: FromPath[int],
                       entrant_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        await entrants.save_eligibility(competition_id, entrant_id, form.getall("check"), form.data.get("notes", ""),
                                        *who(request))
    except Refused as refused:
        return await _entrant_page(request, comp, entrant_id, refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/entrants/{entrant_id}?ok=saved")


@post("/{competition_id:int}/entrants/{entrant_id:int}/remove", name="entrant_remove")
async def entrant_remove(request: Request[Any, Any, Any], competition_id: FromPath[int],
                         entrant_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    try:
        await entrants.remove(competition_id, entrant_id, *who(request))
    except Refused as refused:
        return await _page(request, comp, status_code=refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/entrants?ok=removed")


HANDLERS = [entrant_list, entrant_add, entrant_import, entrant_detail, entrant_save, entrant_remove]
