"""The judge's pages: the score sheet (a plain HTML form), the receipt and evidence files.

    GET  /sheets/{entrant_id}/{stage_code}                    the sheet (or the receipt when locked)
    POST /sheets/{entrant_id}/{stage_code}                    action=draft ("Simpan draf") | submit ("Kirim")
    GET  /sheets/{entrant_id}/{stage_code}/receipt[/{v}]      what was recorded
    GET  /evidence/{id}                                       an evidence file (its uploader or the committee)

The form carries the draft's ``client_uuid``: a double tap, a reload of the POST or a resubmitted page
after "back" sends the same uuid again, which ``services.submit`` answers as a safe retry.
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.db import read_tx
from app.i18n import gettext
from app.judging import evidence, forms, repo, services
from app.judging.services import Sheet, SheetError, SheetState, SubmissionIn
from app.judging.validation import canonical, parse_value
from app.web import client_address, current_user, judge_guard, redirect, render, settings_of, user_guard

NO_STORE = {"Cache-Control": "no-store"}


def as_http(exc: SheetError) -> HTTPException:
    if isinstance(exc, services.SheetNotFound):
        return NotFoundException()
    if isinstance(exc, services.NotAssigned):
        return PermissionDeniedException(detail=gettext(exc.message))
    return HTTPException(status_code=exc.status, detail=gettext(exc.message))


async def _sheet(request: Request[Any, Any, Any], entrant_id: int, stage_code: str) -> Sheet:
    user = current_user(request)
    assert user is not None
    try:
        return await services.load_sheet(user.id, entrant_id, stage_code)
    except SheetError as exc:
        raise as_http(exc) from None


def display_values(values: dict[str, Any]) -> dict[str, str]:
    """Values as the radio buttons spell them ("2,5" → "2.5"); what does not parse stays as typed."""
    out = {}
    for code, raw in values.items():
        try:
            value = parse_value(raw)
        except ValueError:
            out[code] = str(raw)
            continue
        if value is not None:
            out[code] = canonical(value)
    return out


def _sheet_page(
    request: Request[Any, Any, Any], sheet: Sheet, state: SheetState, *, form: dict[str, Any],
    client_uuid: uuid.UUID, base_version: int | None, errors: dict[str, str] | None = None,
    message: str = "", message_kind: str = "error", status_code: int = 200, evidence_rows: list[Any] | None = None,
) -> Template:
    values = display_values(form.get("values", {}))
    return render(
        request, "judging/sheet.html", status_code=status_code, sheet=sheet, state=state, form=form,
        values=values, client_uuid=str(client_uuid), base_version=base_version, errors=errors or {},
        message=message, message_kind=message_kind, scored=sum(1 for i in sheet.indicators if values.get(i.code)),
        evidence_rows=evidence_rows or [], accept=evidence.ACCEPT,
    )


async def _evidence_by_indicator(sheet: Sheet) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in await repo.evidence_list(sheet.entrant_id, sheet.stage_id, sheet.judge_id):
        out.setdefault(row["indicator_code"], []).append(row)
    return out


@get("/sheets/{entrant_id:int}/{stage_code:str}", name="sheet", guards=[judge_guard])
async def sheet_page(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str]
) -> Template | Redirect:
    async with read_tx():
        sheet = await _sheet(request, entrant_id, stage_code)
        state = await services.load_state(sheet, with_draft=True)
        evidence_rows = await _evidence_by_indicator(sheet) if not state.locked else {}
    if state.locked:
        return redirect(f"/sheets/{entrant_id}/{stage_code}/receipt")
    closed = services.closed_message(sheet.competition_status)
    if state.draft:
        d = state.draft
        form = {"values": d["values"], "notes": d["notes"], "remark": d["remark"]}
        client_uuid, base_version = d["client_uuid"], d["base_version"]
    else:
        cur = state.current
        form = {"values": cur["values"], "notes": cur["notes"], "remark": cur["remark"]} if cur else {}
        client_uuid, base_version = uuid.uuid4(), state.current_version
    page = _sheet_page(
        request, sheet, state, form=form, client_uuid=client_uuid, base_version=base_version,
        message=gettext(closed) if closed else (gettext("Draft saved.") if request.query_params.get("saved") else ""),
        message_kind="warn" if closed else "ok", evidence_rows=[],
    )
    page.context["evidence"] = evidence_rows
    page.context["closed"] = bool(closed)
    page.headers.update(NO_STORE)
    return page


async def _store_files(
    request: Request[Any, Any, Any], sheet: Sheet, form: Any, codes: list[str]
) -> dict[str, str]:
    """Store the uploaded evidence files; returns indicator code → problem message for refused ones."""
    problems: dict[str, str] = {}
    max_bytes = settings_of(request).upload_max_bytes
    for code in codes:
        for upload in form.getall(f"e:{code}", []):
            if not isinstance(upload, UploadFile) or not upload.filename:
                continue
            data = await upload.read()
            if not data:
                continue
            try:
                await evidence.add(
                    sheet.entrant_id, sheet.stage_id, sheet.competition_id, sheet.judge_id, code,
                    upload.filename, upload.content_type or "", data, max_bytes, ip=client_address(request),
                )
            except evidence.EvidenceRejected as exc:
                problems[code] = f"{upload.filename}: {gettext(exc.message)}"
    return problems


@post("/sheets/{entrant_id:int}/{stage_code:str}", name="sheet_post", guards=[judge_guard], status_code=200)
async def sheet_post(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str]
) -> Template | Redirect:
    sheet = await _sheet(request, entrant_id, stage_code)
    user = current_user(request)
    assert user is not None
    form = await request.form()
    codes = [i.code for i in sheet.indicators]
    content = forms.from_form(form, codes)
    client_uuid = forms.parse_uuid(form.get("client_uuid")) or uuid.uuid4()
    ok_version, base_version = forms.parse_version(form.get("base_version"))
    _ok_time, device_time = forms.parse_time(form.get("device_time"))
    action = form.get("action")
    file_problems = await _store_files(request, sheet, form, codes)

    async def again(status: int, message: str, errors: dict[str, str] | None = None) -> Template:
        state = await services.load_state(sheet, with_draft=True)
        page = _sheet_page(
            request, sheet, state, form=content, client_uuid=client_uuid, base_version=base_version,
            errors={**file_problems, **(errors or {})}, message=message, status_code=status,
        )
        page.context["evidence"] = await _evidence_by_indicator(sheet)
        page.context["closed"] = False
        page.headers.update(NO_STORE)
        return page

    if action == "submit":
        try:
            rec = await services.submit(
                sheet, SubmissionIn(client_uuid=client_uuid, base_version=base_version if ok_version else -1,
                                    device_time=device_time, **content),
                user.id, ip=client_address(request),
            )
        except services.Invalid as exc:
            await services.save_draft(
                sheet, client_uuid, base_version, content["values"], content["notes"], content["remark"]
            )
            errors = {p.indicator: forms.problem_message(p.kind) for p in exc.problems}
            return await again(422, gettext("Some scores are missing or not valid. The draft was kept."), errors)
        except services.SheetLocked:
            return redirect(f"/sheets/{entrant_id}/{stage_code}/receipt")
        except services.Conflict as exc:
            return await again(409, gettext(exc.message))
        return redirect(f"/sheets/{entrant_id}/{stage_code}/receipt/{rec.version}")
    try:
        await services.save_draft(
            sheet, client_uuid, base_version, content["values"], content["notes"], content["remark"]
        )
    except services.SheetLocked:
        return redirect(f"/sheets/{entrant_id}/{stage_code}/receipt")
    if file_problems:
        return await again(422, gettext("Draft saved, but some files were refused."))
    return redirect(f"/sheets/{entrant_id}/{stage_code}?saved=1")


async def others_scores(sheet: Sheet) -> list[dict[str, Any]]:
    """Other judges' current values for this entrant and stage (only shown once released)."""
    current = await services.current_submissions(sheet.competition_id)
    out = []
    for (entrant, stage_code, judge), row in sorted(current.items()):
        if entrant == sheet.entrant_id and stage_code == sheet.stage_code and judge != sheet.judge_id:
            out.append({"judge": await repo.user_name(judge), "values": row["values"], "version": row["version"]})
    return out


@get("/sheets/{entrant_id:int}/{stage_code:str}/receipt", name="receipt", guards=[judge_guard])
async def receipt_latest(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str]
) -> Template | Redirect:
    return await _receipt(request, entrant_id, stage_code, None)


@get("/sheets/{entrant_id:int}/{stage_code:str}/receipt/{version:int}", name="receipt_version",
     guards=[judge_guard])
async def receipt_version(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str], version: FromPath[int]
) -> Template | Redirect:
    return await _receipt(request, entrant_id, stage_code, version)


async def _receipt(
    request: Request[Any, Any, Any], entrant_id: int, stage_code: str, version: int | None
) -> Template | Redirect:
    async with read_tx():
        sheet = await _sheet(request, entrant_id, stage_code)
        state = await services.load_state(sheet, with_unlocks=True)
        submitted_by = await repo.user_name(state.versions[-1]["submitted_by"]) if state.versions else ""
    if not state.versions:
        return redirect(f"/sheets/{entrant_id}/{stage_code}")
    row = state.version(version) if version else (state.current or state.versions[-1])
    if row is None:
        raise NotFoundException()
    others = await others_scores(sheet) if sheet.scores_released else []
    page = render(
        request, "judging/receipt.html", sheet=sheet, state=state, row=row, others=others,
        closed=services.closed_message(sheet.competition_status) is not None,
        submitted_by=submitted_by if row is state.versions[-1] else await repo.user_name(row["submitted_by"]),
    )
    page.headers.update(NO_STORE)
    return page


@get("/evidence/{evidence_id:int}", name="evidence_file", guards=[user_guard])
async def evidence_file(request: Request[Any, Any, Any], evidence_id: FromPath[int]) -> Response[bytes]:
    user = current_user(request)
    assert user is not None
    row = await repo.evidence(evidence_id)
    if row is None:
        raise NotFoundException()
    if user.role == "juri" and row["uploaded_by"] != user.id:
        raise PermissionDeniedException()
    safe = "".join(c for c in row["filename"] if c.isalnum() or c in "._-") or "bukti"
    return Response(
        row["data"], media_type=row["content_type"],
        headers={"Content-Disposition": f'inline; filename="{safe}"', "Cache-Control": "private, max-age=3600"},
    )


router = Router(path="/", route_handlers=[sheet_page, sheet_post, receipt_latest, receipt_version, evidence_file])
