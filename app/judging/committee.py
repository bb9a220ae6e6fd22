"""The committee's sheet pages: overview, one sheet's history, unlock, paper transcription and its
confirmation by a second member, and releasing scores to the judges.

    GET  /committee/competitions/{cid}/sheets                    every sheet with its state
    POST /committee/competitions/{cid}/release                   released=1|0
    GET  /committee/sheets/{entrant_id}/{stage_code}/{judge_id}  versions, values, unlocks
    POST .../unlock                                              reason (required, logged)
    GET|POST .../transcribe                                      enter a paper sheet for the judge
    POST .../versions/{v}/decide                                 action=confirm|reject (another member)
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.audit.services import record
from app.competitions import repo as competitions
from app.competitions.tables import Competition
from app.db import write_tx
from app.i18n import gettext
from app.judging import forms, repo, services
from app.judging.routes import as_http
from app.judging.services import Sheet, SheetError, SubmissionIn
from app.web import client_address, committee_guard, current_user, redirect, render


def sheet_state_label(versions: list[dict[str, Any]], unlocked_after: int, status: str) -> str:
    """belum_diisi | terkirim | dibuka | menunggu | terkunci for the committee's overview."""
    active = [v["version"] for v in versions if v["status"] == "active"]
    if any(v["status"] == "pending" for v in versions):
        return "menunggu"
    if status in ("pleno", "final") and active:
        return "terkunci"
    if not active:
        return "belum_diisi"
    return "dibuka" if unlocked_after >= active[-1] else "terkirim"


@get("/competitions/{competition_id:int}/sheets", name="committee_sheets")
async def overview(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Template:
    comp = await competitions.competition(competition_id)
    if comp is None:
        raise NotFoundException()
    subs: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
    for s in await repo.competition_submissions(competition_id):
        subs.setdefault((s["entrant"], s["stage"], s["judge"]), []).append(s)
    unlocked: dict[tuple[int, int, int], int] = {}
    for u in await repo.competition_unlocks(competition_id):
        key = (u["entrant"], u["stage"], u["judge"])
        unlocked[key] = max(unlocked.get(key, 0), u["after_version"])
    rows = []
    for a in await repo.competition_sheets(competition_id):
        key = (a["entrant_id"], a["stage_id"], a["judge_id"])
        versions = subs.get(key, [])
        active = [v for v in versions if v["status"] == "active"]
        rows.append({**a, "state": sheet_state_label(versions, unlocked.get(key, 0), comp["status"]),
                     "version": active[-1]["version"] if active else None,
                     "submitted_at": active[-1]["submitted_at"] if active else None})
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["state"]] = counts.get(r["state"], 0) + 1
    return render(request, "judging/committee_sheets.html", comp=comp, rows=rows, counts=counts)


@post("/competitions/{competition_id:int}/release", name="committee_release", status_code=303)
async def release(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> Redirect:
    form = await request.form()
    released = form.get("released") == "1"
    user = current_user(request)
    assert user is not None
    async with write_tx():
        before = await Competition.select(Competition.scores_released).where(Competition.id == competition_id).first()
        if before is None:
            raise NotFoundException()
        await Competition.update({Competition.scores_released: released}).where(Competition.id == competition_id)
        await record("release_scores" if released else "withhold_scores", "competition", competition_id,
                     user_id=user.id, competition_id=competition_id, ip=client_address(request),
                     before={"scores_released": before["scores_released"]}, after={"scores_released": released})
    return redirect(f"/committee/competitions/{competition_id}/sheets")


async def _sheet(entrant_id: int, stage_code: str, judge_id: int) -> Sheet:
    try:
        return await services.committee_sheet(entrant_id, stage_code, judge_id)
    except SheetError as exc:
        raise as_http(exc) from None


def _base(entrant_id: int, stage_code: str, judge_id: int) -> str:
    return f"/committee/sheets/{entrant_id}/{stage_code}/{judge_id}"


async def _detail(
    request: Request[Any, Any, Any], sheet: Sheet, *, status_code: int = 200, message: str = "",
    show: int | None = None,
) -> Template:
    state = await services.load_state(sheet, with_unlocks=True)
    row = state.version(show) if show else (state.pending or state.current or (state.versions or [None])[-1])
    names = {uid: await repo.user_name(uid) for uid in {v["submitted_by"] for v in state.versions}}
    user = current_user(request)
    return render(
        request, "judging/committee_sheet.html", status_code=status_code, sheet=sheet, state=state, row=row,
        names=names, judge_name=await repo.user_name(sheet.judge_id), message=message,
        base=_base(sheet.entrant_id, sheet.stage_code, sheet.judge_id), me=user.id if user else None,
    )


@get("/sheets/{entrant_id:int}/{stage_code:str}/{judge_id:int}", name="committee_sheet")
async def detail(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str], judge_id: FromPath[int]
) -> Template:
    sheet = await _sheet(entrant_id, stage_code, judge_id)
    v = request.query_params.get("v")
    return await _detail(request, sheet, show=int(v) if v and v.isdigit() else None)


@post("/sheets/{entrant_id:int}/{stage_code:str}/{judge_id:int}/unlock", name="committee_unlock", status_code=200)
async def unlock(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str], judge_id: FromPath[int]
) -> Template | Redirect:
    sheet = await _sheet(entrant_id, stage_code, judge_id)
    form = await request.form()
    user = current_user(request)
    assert user is not None
    try:
        await services.unlock(sheet, str(form.get("reason") or ""), user.id, ip=client_address(request))
    except SheetError as exc:
        return await _detail(request, sheet, status_code=exc.status, message=gettext(exc.message))
    return redirect(_base(entrant_id, stage_code, judge_id))


@get("/sheets/{entrant_id:int}/{stage_code:str}/{judge_id:int}/transcribe", name="committee_transcribe")
async def transcribe_form(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str], judge_id: FromPath[int]
) -> Template:
    sheet = await _sheet(entrant_id, stage_code, judge_id)
    state = await services.load_state(sheet)
    return render(
        request, "judging/transcribe.html", sheet=sheet, state=state, values={}, form={}, errors={},
        client_uuid=str(uuid.uuid4()), base_version=state.current_version, message="",
        judge_name=await repo.user_name(judge_id), base=_base(entrant_id, stage_code, judge_id),
    )


@post("/sheets/{entrant_id:int}/{stage_code:str}/{judge_id:int}/transcribe", name="committee_transcribe_post",
      status_code=200)
async def transcribe(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str], judge_id: FromPath[int]
) -> Template | Redirect:
    sheet = await _sheet(entrant_id, stage_code, judge_id)
    user = current_user(request)
    assert user is not None
    form = await request.form()
    content = forms.from_form(form, [i.code for i in sheet.indicators])
    client_uuid = forms.parse_uuid(form.get("client_uuid")) or uuid.uuid4()
    ok_version, base_version = forms.parse_version(form.get("base_version"))
    try:
        await services.submit(
            sheet, SubmissionIn(client_uuid=client_uuid, base_version=base_version if ok_version else -1, **content),
            user.id, source="paper", ip=client_address(request),
        )
    except SheetError as exc:
        errors = {}
        if isinstance(exc, services.Invalid):
            errors = {p.indicator: forms.problem_message(p.kind) for p in exc.problems}
        state = await services.load_state(sheet)
        return render(
            request, "judging/transcribe.html", status_code=exc.status, sheet=sheet, state=state,
            values=content["values"], form=content, errors=errors, client_uuid=str(client_uuid),
            base_version=base_version, message=gettext(exc.message), judge_name=await repo.user_name(judge_id),
            base=_base(entrant_id, stage_code, judge_id),
        )
    return redirect(_base(entrant_id, stage_code, judge_id))


@post("/sheets/{entrant_id:int}/{stage_code:str}/{judge_id:int}/versions/{version:int}/decide",
      name="committee_decide", status_code=200)
async def decide(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str], judge_id: FromPath[int],
    version: FromPath[int],
) -> Template | Redirect:
    sheet = await _sheet(entrant_id, stage_code, judge_id)
    user = current_user(request)
    assert user is not None
    form = await request.form()
    try:
        await services.decide_transcription(
            sheet, version, user.id, accept=form.get("action") == "confirm", ip=client_address(request)
        )
    except SheetError as exc:
        return await _detail(request, sheet, status_code=exc.status, message=gettext(exc.message))
    return redirect(_base(entrant_id, stage_code, judge_id))


router = Router(
    path="/committee",
    route_handlers=[overview, release, detail, unlock, transcribe_form, transcribe, decide],
    guards=[committee_guard],
)
