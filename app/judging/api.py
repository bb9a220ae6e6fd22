"""The sheet JSON API (``/api/v1/sheets``), used by the sheet page's script and later by the offline queue.

    GET  /api/v1/sheets/{entrant_id}/{stage_code}               the sheet: indicators, current version, lock
    POST /api/v1/sheets/{entrant_id}/{stage_code}/submissions   submit a version (rules in services.submit)
    PUT  /api/v1/sheets/{entrant_id}/{stage_code}/draft         keep the draft (autosave)

Answers: 201 new version, 200 safe retry, 403 not my assignment, 404 no such sheet, 409 stale base or
reused ``client_uuid`` (``current_version`` in the body), 422 problems listed in ``errors``, 423 locked.
"""

from __future__ import annotations

import json
from typing import Any

from litestar import Request, Response, Router, get, post, put
from litestar.params import FromPath

from app.db import read_tx
from app.i18n import gettext
from app.judging import forms, services
from app.judging.services import SheetError, SubmissionIn
from app.web import client_address, current_user, judge_guard


def error_response(exc: SheetError) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {"status_code": exc.status, "detail": gettext(exc.message) if exc.message else ""}
    body.update(exc.extra)
    if isinstance(exc, services.Invalid):
        body["errors"] = forms.problems_json(exc.problems)
    return Response(body, status_code=exc.status)


def recorded_body(sheet: services.Sheet, rec: services.Recorded) -> dict[str, Any]:
    s = rec.submission
    return {
        "version": rec.version,
        "created": rec.created,
        "replaces_version": s["replaces_version"],
        "client_uuid": str(s["client_uuid"]),
        "content_hash": s["content_hash"],
        "status": s["status"],
        "submitted_at": s["submitted_at"].isoformat(),
        "receipt_url": f"/sheets/{sheet.entrant_id}/{sheet.stage_code}/receipt/{rec.version}",
    }


async def _body(request: Request[Any, Any, Any]) -> Any:
    try:
        return json.loads(await request.body() or b"null")
    except ValueError:
        return None


@get("/{entrant_id:int}/{stage_code:str}", name="api_sheet")
async def get_sheet(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str]
) -> Response[dict[str, Any]]:
    user = current_user(request)
    assert user is not None
    try:
        async with read_tx():
            sheet = await services.load_sheet(user.id, entrant_id, stage_code)
            state = await services.load_state(sheet, with_draft=True)
    except SheetError as exc:
        return error_response(exc)
    current = state.current
    return Response({
        "entrant_id": sheet.entrant_id,
        "village": sheet.village,
        "stage_code": sheet.stage_code,
        "competition_status": sheet.competition_status,
        "current_version": state.current_version,
        "locked": state.locked or services.closed_message(sheet.competition_status) is not None,
        "indicators": [
            {"code": i.code, "name": i.name, "max": str(i.max_value.normalize()), "step": str(i.step.normalize()),
             "domain": i.domain_code, "aspect": i.aspect_code, "rubric": i.rubric}
            for i in sheet.indicators
        ],
        "current": None if current is None else {
            "version": current["version"], "values": current["values"], "notes": current["notes"],
            "remark": current["remark"], "submitted_at": current["submitted_at"].isoformat(),
        },
        "draft": None if state.draft is None else {
            "client_uuid": str(state.draft["client_uuid"]), "base_version": state.draft["base_version"],
            "values": state.draft["values"], "notes": state.draft["notes"], "remark": state.draft["remark"],
        },
    })


@post("/{entrant_id:int}/{stage_code:str}/submissions", name="api_sheet_submit", status_code=201)
async def post_submission(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str]
) -> Response[dict[str, Any]]:
    user = current_user(request)
    assert user is not None
    try:
        sheet = await services.load_sheet(user.id, entrant_id, stage_code)
        data = forms.envelope(await _body(request))
        rec = await services.submit(sheet, SubmissionIn(**data), user.id, ip=client_address(request))
    except forms.EnvelopeError as exc:
        return Response(
            {"status_code": 422, "detail": gettext("Some values are missing or not valid."), "errors": exc.problems},
            status_code=422,
        )
    except SheetError as exc:
        return error_response(exc)
    return Response(recorded_body(sheet, rec), status_code=201 if rec.created else 200)


@put("/{entrant_id:int}/{stage_code:str}/draft", name="api_sheet_draft", status_code=200)
async def put_draft(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], stage_code: FromPath[str]
) -> Response[dict[str, Any]]:
    user = current_user(request)
    assert user is not None
    try:
        sheet = await services.load_sheet(user.id, entrant_id, stage_code)
        data = forms.envelope(await _body(request))
        at = await services.save_draft(
            sheet, data["client_uuid"], data["base_version"], data["values"], data["notes"], data["remark"]
        )
    except forms.EnvelopeError as exc:
        return Response({"status_code": 422, "detail": gettext("Some values are missing or not valid."),
                         "errors": exc.problems}, status_code=422)
    except SheetError as exc:
        return error_response(exc)
    return Response({"saved_at": at.isoformat()}, status_code=200)


router = Router(
    path="/api/v1/sheets",
    route_handlers=[get_sheet, post_submission, put_draft],
    guards=[judge_guard],
    tags=["sheets"],
)
