"""The read-only JSON API (``/api/v1``). Personal tokens or a browser session; judges see only the
competitions whose panel they sit on."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from app.competitions import repo
from app.web import current_user, user_guard


async def _visible(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> None:
    user = current_user(request)
    assert user is not None
    if user.role == "juri" and not await repo.judge_can_see(user.id, competition_id):
        raise NotFoundException()


@get("/competitions", name="api_competitions")
async def list_competitions(request: Request[Any, Any, Any]) -> dict[str, Any]:
    user = current_user(request)
    assert user is not None
    rows = await repo.competitions_for(user.id, user.role)
    return {
        "competitions": [
            {
                "id": r["id"],
                "name": r["name"],
                "year": r["year"],
                "level": r["level"],
                "track": r["track"],
                "status": r["status"],
                "organiser_region": {
                    "code": r["organiser_region.code"],
                    "name": r["organiser_region.name"],
                },
                "entrant_count": len(await repo.entrants(r["id"])),
            }
            for r in rows
        ]
    }


@get("/competitions/{competition_id:int}", name="api_competition")
async def get_competition(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> dict[str, Any]:
    await _visible(request, competition_id)
    data = await repo.summary(competition_id)
    if data is None:
        raise NotFoundException()
    comp = data["comp"]
    indicators = data["indicators"]
    by_stage: dict[str, int] = {}
    for ind in indicators:
        by_stage[ind["stage_code"]] = by_stage.get(ind["stage_code"], 0) + 1
    return {
        "id": comp["id"],
        "name": comp["name"],
        "year": comp["year"],
        "level": comp["level"],
        "track": comp["track"],
        "status": comp["status"],
        "organiser_region": {"code": comp["organiser_region"], "name": comp["organiser_region.name"]},
        "entrant_count": data["entrant_count"],
        "stages": [
            {
                "code": s["code"],
                "name": s["name"],
                "weight": f"{s['weight'].normalize():f}",
                "order": s["position"],
                "top_n": s["top_n"],
                "indicator_count": by_stage.get(s["code"], 0),
            }
            for s in data["stages"]
        ],
        "domains": [
            {
                "code": d["code"],
                "name": d["name"],
                "weight": f"{d['weight'].normalize():f}",
                "indicator_count": sum(1 for i in indicators if i["domain"] == d["code"]),
            }
            for d in data["domains"]
        ],
        "indicator_count": len(indicators),
        "domain_indicator_count": sum(1 for i in indicators if i["domain"]),
        "presentation_indicator_count": sum(1 for i in indicators if not i["domain"]),
    }


@get("/competitions/{competition_id:int}/entrants", name="api_entrants")
async def get_entrants(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> dict[str, Any]:
    await _visible(request, competition_id)
    if await repo.competition(competition_id) is None:
        raise NotFoundException()
    return {
        "entrants": [
            {"id": e["id"], "code": e["code"], "name": e["name"], "kecamatan": e["kecamatan"],
             "kecamatan_code": e["kecamatan_code"]}
            for e in await repo.entrants(competition_id)
        ]
    }


router = Router(
    path="/api/v1",
    route_handlers=[list_competitions, get_competition, get_entrants],
    guards=[user_guard],
    tags=["api"],
)
