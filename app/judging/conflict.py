"""A judge declares a conflict of interest with a village assigned to them (with a reason).

The rule itself lives in ``app.competitions.panel.declare_conflict`` (used by the committee's panel page
too): the conflict is recorded and audited, the judge's unscored assignments for that village go, and a
village the judge already sent a sheet for is refused (the pleno settles it).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import PermissionDeniedException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from app.competitions import panel
from app.competitions.errors import Refused
from app.competitions.tables import Assignment
from app.web import client_address, current_user, judge_guard, redirect, render

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


async def _assigned_village(judge_id: int, entrant_id: int) -> dict[str, Any]:
    row = await Assignment.select(
        Assignment.entrant.id, Assignment.entrant.competition.id, Assignment.entrant.region.name
    ).where((Assignment.judge == judge_id) & (Assignment.entrant == entrant_id)).first()
    if row is None:
        raise PermissionDeniedException()
    return {"id": row["entrant.id"], "competition_id": row["entrant.competition.id"],
            "name": row["entrant.region.name"]}


@get("/sheets/{entrant_id:int}/conflict", name="judge_conflict")
async def conflict_form(request: Request[Any, Any, Any], entrant_id: FromPath[int]) -> Template:
    user = current_user(request)
    assert user is not None
    village = await _assigned_village(user.id, entrant_id)
    return render(request, "judging/conflict.html", village=village, errors={}, reason="")


@post("/sheets/{entrant_id:int}/conflict", name="judge_conflict_post")
async def conflict_submit(
    request: Request[Any, Any, Any], entrant_id: FromPath[int], data: Form
) -> Template | Redirect:
    user = current_user(request)
    assert user is not None
    village = await _assigned_village(user.id, entrant_id)
    reason = data.get("reason", "")
    try:
        await panel.declare_conflict(
            village["competition_id"], user.id, entrant_id, reason, user.id, client_address(request)
        )
    except Refused as exc:
        return render(request, "judging/conflict.html", status_code=exc.status_code, village=village,
                      errors=exc.errors, reason=reason)
    return redirect("/")


router = Router(path="/", route_handlers=[conflict_form, conflict_submit], guards=[judge_guard])


