"""The committee's "Periksa sertifikat" buttons: they queue an LMS check job and show its progress page.

One official, one village or every village of a competition; each form may tick ``paksa`` (force: ask the
LMS even for officials whose answer is still fresh). The job page (`app.jobs.routes`) shows the bar.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, Router, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect

from app.lms import jobs
from app.officials import repo
from app.officials.tables import Official
from app.web import client_address, committee_guard, current_user, redirect

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
AnyRequest = Request[Any, Any, Any]


async def _start(request: AnyRequest, scope: str, target_id: int, data: dict[str, str], back: str) -> Redirect:
    user = current_user(request)
    assert user is not None  # committee_guard
    try:
        job_id = await jobs.enqueue_check(
            scope, target_id, force=data.get("paksa") == "on", actor_id=user.id, ip=client_address(request)
        )
    except jobs.ScopeNotFound as exc:
        raise NotFoundException() from exc
    return redirect(f"/jobs/{job_id}?back={quote(back, safe='/')}")


@post("/competitions/{competition_id:int}/lms-check", name="lms_check_competition")
async def check_competition(request: AnyRequest, competition_id: FromPath[int], data: Form) -> Redirect:
    return await _start(request, "competition", competition_id, data, f"/competitions/{competition_id}/officials")


@post("/competitions/{competition_id:int}/entrants/{entrant_id:int}/lms-check", name="lms_check_entrant")
async def check_entrant(
    request: AnyRequest, competition_id: FromPath[int], entrant_id: FromPath[int], data: Form
) -> Redirect:
    if await repo.entrant_in(competition_id, entrant_id) is None:
        raise NotFoundException()
    back = f"/competitions/{competition_id}/entrants/{entrant_id}/officials"
    return await _start(request, "entrant", entrant_id, data, back)


@post(
    "/competitions/{competition_id:int}/entrants/{entrant_id:int}/officials/{official_id:int}/lms-check",
    name="lms_check_official",
)
async def check_official(
    request: AnyRequest, competition_id: FromPath[int], entrant_id: FromPath[int], official_id: FromPath[int],
    data: Form,
) -> Redirect:
    if await repo.entrant_in(competition_id, entrant_id) is None or not await Official.exists().where(
        (Official.id == official_id) & (Official.entrant == entrant_id)
    ):
        raise NotFoundException()
    back = f"/competitions/{competition_id}/entrants/{entrant_id}/officials#official-{official_id}"
    return await _start(request, "official", official_id, data, back)


router = Router(
    path="/", guards=[committee_guard], route_handlers=[check_competition, check_entrant, check_official]
)
