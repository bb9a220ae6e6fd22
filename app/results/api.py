"""``GET /api/v1/competitions/{id}/ranking``: the ranking as the scoring engine returns it.

The body is ``scoring.result_to_json(result)`` (entrants in rank order, numbers as text with 2 decimals)
with fields added, never renamed: ``competition_id``; ``final`` (the committee finalised the result: the
competition is ``final`` with a current snapshot, whose ``verification_code`` is given); ``provisional``
(the engine's flag: some scores are still missing, counted 0 meanwhile); ``needs_pleno``; and on each
entrant ``id``, ``name``, ``kecamatan`` and ``lms_provisional`` beside the engine's ``entrant`` code.

Who may read it: the committee (panitia, admin), by session or bearer token. A judge (juri) only once the
committee has released the scores (``Competition.scores_released``) and only for a competition whose
panel they sit on (404 otherwise, as elsewhere in the API); before the release a judge gets 403, so the
panel cannot see how the others scored while scoring is still open.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath

import scoring
from app.competitions import repo as competitions_repo
from app.i18n import _
from app.results import finality
from app.results.analysis import per_ranking
from app.results.services import Ranking
from app.results.services import cached_ranking as ranking
from app.web import current_user, user_guard


@get("/competitions/{competition_id:int}/ranking", name="api_ranking")
async def get_ranking(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> dict[str, Any]:
    user = current_user(request)
    assert user is not None  # user_guard
    comp = await competitions_repo.competition(competition_id)
    if comp is None:
        raise NotFoundException()
    if user.role == "juri":
        if not await competitions_repo.judge_can_see(user.id, competition_id):
            raise NotFoundException()
        if not comp["scores_released"]:
            raise PermissionDeniedException(detail=_("The scores have not been released to the judges yet."))
    current = await ranking(competition_id, detail=False)
    snap = await finality.current_snapshot(competition_id)
    final = comp["status"] == "final" and snap is not None
    return {
        "competition_id": competition_id,
        "final": final,
        "verification_code": snap["code"] if final and snap else None,
        "provisional": current.result.provisional,
        "needs_pleno": current.result.needs_pleno,
        "stages": [s.code for s in current.inputs.ruleset.stages],
        **per_ranking(("api",), current, lambda: _body(current)),
    }


def _body(current: Ranking) -> dict[str, Any]:
    body = scoring.result_to_json(current.result)
    info = {e.code: e for e in current.inputs.entrants}
    for entrant in body["entrants"]:
        e = info[entrant["entrant"]]
        entrant.update(
            id=e.id, name=e.name, kecamatan=e.kecamatan, lms_provisional=e.code in current.inputs.lms_provisional
        )
    return body

router = Router(path="/api/v1", guards=[user_guard], route_handlers=[get_ranking], tags=["results"])
