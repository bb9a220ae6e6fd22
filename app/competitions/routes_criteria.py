"""The criteria tab: start from the preset or a file, edit items in forms, versions, export."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template

from app.competitions import catalogue, catalogue_files, criteria, criteria_edits, repo
from app.competitions.errors import Refused
from app.competitions.pages import competition_or_404, form_of, page, who
from app.competitions.validation import number
from app.web import redirect

SAVERS = {
    "domain": criteria_edits.save_domain,
    "aspect": criteria_edits.save_aspect,
    "indicator": criteria_edits.save_indicator,
    "eligibility": criteria_edits.save_eligibility,
}


async def _context(comp: dict[str, Any]) -> dict[str, Any]:
    version_id = await repo.current_version_id(comp["id"])
    doc = await catalogue.document(comp["id"], version_id)
    versions = await criteria.versions(comp["id"])
    current = next((v for v in versions if v["id"] == version_id), None)
    return {
        "doc": doc, "cat": doc["catalogue"], "version": current, "versions": versions,
        "has_version": version_id is not None, "frozen": bool(current and current["frozen"]),
        "scored": await repo.scored_codes(comp["id"]),
        "aspects": [(a["code"], a["name"]) for d in doc["catalogue"]["domains"] for a in d.get("aspects") or []],
    }


async def _page(request: Request[Any, Any, Any], comp: dict[str, Any], status_code: int = 200,
                **extra: Any) -> Template:
    return await page(request, "competitions/criteria.html", comp, "criteria", status_code=status_code,
                      **(await _context(comp)), **extra)


@get("/{competition_id:int}/criteria", name="criteria")
async def criteria_page(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template:
    return await _page(request, await competition_or_404(competition_id))


@post("/{competition_id:int}/criteria/preset", name="criteria_preset")
async def criteria_preset(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    try:
        await criteria.start_from_preset(competition_id, *who(request))
    except Refused as refused:
        return await _page(request, comp, refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/criteria?ok=imported")


@post("/{competition_id:int}/criteria/import", name="criteria_import")
async def criteria_import(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    upload = await form.file("file")
    try:
        await criteria.import_file(competition_id, upload[0] if upload else "", upload[1] if upload else b"",
                                   *who(request))
    except Refused as refused:
        return await _page(request, comp, refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/criteria?ok=imported")


@get("/{competition_id:int}/criteria/export.yaml", name="criteria_yaml")
async def criteria_yaml(competition_id: FromPath[int]) -> Response[str]:
    await competition_or_404(competition_id)
    doc = await catalogue.document(competition_id, await repo.current_version_id(competition_id))
    return Response(catalogue_files.to_yaml(doc), media_type="application/yaml; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="kriteria-{competition_id}.yaml"'})


@get("/{competition_id:int}/criteria/export.xlsx", name="criteria_xlsx")
async def criteria_xlsx(competition_id: FromPath[int]) -> Response[bytes]:
    await competition_or_404(competition_id)
    doc = await catalogue.document(competition_id, await repo.current_version_id(competition_id))
    return Response(catalogue_files.to_xlsx(doc),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="kriteria-{competition_id}.xlsx"'})


def _item(cat: dict[str, Any], kind: str, code: str) -> dict[str, Any]:
    doc = {"catalogue": cat}
    try:
        items, index, _path = criteria_edits.place(doc, kind, code)
    except Refused as refused:
        raise NotFoundException() from refused
    item = dict(items[index])
    if kind == "aspect":
        item["domain"] = next(d["code"] for d in cat["domains"] if any(a["code"] == code for a in d["aspects"]))
    if kind == "indicator":
        item["aspect"] = next((a["code"] for d in cat["domains"] for a in d["aspects"]
                               if any(i["code"] == code for i in a["indicators"])), "")
        for level, text in (item.get("rubric") or {}).items():
            item[f"rubric_{level}"] = text
    return item


async def _item_page(request: Request[Any, Any, Any], comp: dict[str, Any], kind: str, code: str | None,
                     form: dict[str, Any], status_code: int = 200, **extra: Any) -> Template:
    context = await _context(comp)
    levels = criteria_edits.levels(form)
    # Levels typed before the scale changed stay visible, so that an off-scale text can be cleared.
    levels += [k[len("rubric_"):] for k, v in form.items()
               if k.startswith("rubric_") and v and k[len("rubric_"):] not in levels]
    levels.sort(key=lambda level: number(level) or 0)
    return await page(request, "competitions/criteria_item.html", comp, "criteria", status_code=status_code,
                      kind=kind, code=code, form=form, levels=levels,
                      stages=context["doc"]["catalogue"]["stages"], **context, **extra)


@get("/{competition_id:int}/criteria/{kind:str}/new", name="criteria_new")
async def criteria_new(request: Request[Any, Any, Any], competition_id: FromPath[int], kind: FromPath[str],
                       parent: FromQuery[str | None] = None) -> Template:
    comp = await competition_or_404(competition_id)
    if kind not in SAVERS:
        raise NotFoundException()
    form: dict[str, Any] = {"max": "4", "step": "1", "kind": "judge", "weight": "1"} if kind == "indicator" else {}
    form["domain" if kind == "aspect" else "aspect"] = parent or ""
    return await _item_page(request, comp, kind, None, form)


@get("/{competition_id:int}/criteria/{kind:str}/{code:str}", name="criteria_item")
async def criteria_item(request: Request[Any, Any, Any], competition_id: FromPath[int], kind: FromPath[str],
                        code: FromPath[str]) -> Template:
    comp = await competition_or_404(competition_id)
    if kind not in SAVERS:
        raise NotFoundException()
    doc = await catalogue.document(competition_id, await repo.current_version_id(competition_id))
    return await _item_page(request, comp, kind, code, _item(doc["catalogue"], kind, code))


async def _save(request: Request[Any, Any, Any], competition_id: int, kind: str,
                code: str | None) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    if kind not in SAVERS:
        raise NotFoundException()
    form = await form_of(request)
    try:
        await criteria.apply(competition_id, SAVERS[kind](code, form.data), f"save_{kind}", *who(request))
    except Refused as refused:
        return await _item_page(request, comp, kind, code, form.data, refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/criteria?ok=saved#{kind}-{form.data.get('code', '')}")


@post("/{competition_id:int}/criteria/{kind:str}/new", name="criteria_create")
async def criteria_create(request: Request[Any, Any, Any], competition_id: FromPath[int],
                          kind: FromPath[str]) -> Template | Redirect:
    return await _save(request, competition_id, kind, None)


@post("/{competition_id:int}/criteria/{kind:str}/{code:str}", name="criteria_update")
async def criteria_update(request: Request[Any, Any, Any], competition_id: FromPath[int], kind: FromPath[str],
                          code: FromPath[str]) -> Template | Redirect:
    return await _save(request, competition_id, kind, code)


@post("/{competition_id:int}/criteria/{kind:str}/{code:str}/delete", name="criteria_delete")
async def criteria_delete(request: Request[Any, Any, Any], competition_id: FromPath[int], kind: FromPath[str],
                          code: FromPath[str]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    try:
        await criteria.apply(competition_id, criteria_edits.delete(kind, code), f"delete_{kind}", *who(request))
    except Refused as refused:
        return await _page(request, comp, refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/criteria?ok=removed")


@post("/{competition_id:int}/criteria/{kind:str}/{code:str}/move", name="criteria_move")
async def criteria_move(request: Request[Any, Any, Any], competition_id: FromPath[int], kind: FromPath[str],
                        code: FromPath[str]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        await criteria.apply(competition_id, criteria_edits.move(kind, code, form.data.get("direction", "up")),
                             f"move_{kind}", *who(request))
    except Refused as refused:
        return await _page(request, comp, refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/criteria?ok=saved#{kind}-{code}")


@post("/{competition_id:int}/criteria/version", name="criteria_version")
async def criteria_version(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    form = await form_of(request)
    try:
        await criteria.new_version(competition_id, form.data.get("note", ""), *who(request))
    except Refused as refused:
        return await _page(request, comp, refused.status_code, errors=refused.errors, note=form.data.get("note", ""))
    return redirect(f"/competitions/{competition_id}/criteria?ok=version")


@post("/{competition_id:int}/criteria/freeze", name="criteria_freeze")
async def criteria_freeze(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template | Redirect:
    comp = await competition_or_404(competition_id)
    try:
        await criteria.freeze(competition_id, *who(request))
    except Refused as refused:
        return await _page(request, comp, refused.status_code, errors=refused.errors)
    return redirect(f"/competitions/{competition_id}/criteria?ok=frozen")


HANDLERS = [criteria_page, criteria_preset, criteria_import, criteria_yaml, criteria_xlsx, criteria_new, criteria_item,
            criteria_create, criteria_update, criteria_delete, criteria_move, criteria_version, criteria_freeze]
