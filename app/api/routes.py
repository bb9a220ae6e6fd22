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


async def _existing(request: Request[Any, Any, Any], competition_id: int) -> None:
    await _visible(request, competition_id)
    if await repo.competition(competition_id) is None:
        raise NotFoundException()


def _num(value: Any) -> str:
    """A number as plain text: ``40``, ``0.5`` (never ``4E+1``)."""
    from decimal import Decimal

    return format(Decimal(str(value)).normalize(), "f")


@get("/competitions/{competition_id:int}/stages", name="api_stages")
async def get_stages(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> dict[str, Any]:
    await _existing(request, competition_id)
    return {
        "stages": [
            {"id": s["id"], "code": s["code"], "name": s["name"], "weight": _num(s["weight"]),
             "order": s["position"], "top_n": s["top_n"]}
            for s in await repo.stages(competition_id)
        ]
    }


@get("/competitions/{competition_id:int}/criteria", name="api_criteria")
async def get_criteria(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> dict[str, Any]:
    """The current criteria version: domains → aspects → indicators, presentation items, eligibility."""
    from app.competitions import catalogue
    from app.competitions.tables import CriteriaVersion

    await _existing(request, competition_id)
    version_id = await repo.current_version_id(competition_id)
    doc = await catalogue.document(competition_id, version_id)
    version = await CriteriaVersion.select(CriteriaVersion.number, CriteriaVersion.frozen).where(
        CriteriaVersion.id == version_id).first() if version_id else None
    cat = doc["catalogue"]

    def indicator(i: dict[str, Any]) -> dict[str, Any]:
        return {"code": i["code"], "name": i["name"], "max": _num(i["max"]), "step": _num(i["step"]),
                "weight": _num(i["weight"]), "stage": i["stage"], "kind": i["kind"],
                "evidence": i.get("evidence", ""),
                "rubric": {_num(k): v for k, v in (i.get("rubric") or {}).items()}}

    return {
        "version": version["number"] if version else None,
        "frozen": bool(version and version["frozen"]),
        "catalogue_code": cat.get("code") or "",
        "domains": [
            {"code": d["code"], "name": d["name"], "weight": _num(d["weight"]),
             "aspects": [{"code": a["code"], "name": a["name"],
                          "indicators": [indicator(i) for i in a.get("indicators") or []]}
                         for a in d.get("aspects") or []]}
            for d in cat["domains"]
        ],
        "presentation": [indicator(i) for i in cat["presentation"]],
        "eligibility": [{"code": e["code"], "name": e["name"], "evidence": e.get("evidence", "")}
                        for e in cat["eligibility"]],
    }


@get("/competitions/{competition_id:int}/panel", name="api_panel")
async def get_panel(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> dict[str, Any]:
    await _existing(request, competition_id)
    return {
        "panel": [
            {"stage": m["stage.code"], "role": m["role"],
             "judge": {"id": m["judge.id"], "username": m["judge.username"], "name": m["judge.full_name"],
                       "nip": m["judge.nip"], "jabatan": m["judge.jabatan"], "instansi": m["judge.instansi"]}}
            for m in await repo.panel(competition_id)
        ]
    }


@get("/competitions/{competition_id:int}/assignments", name="api_assignments")
async def get_assignments(request: Request[Any, Any, Any], competition_id: FromPath[int]) -> dict[str, Any]:
    """Every assignment; a judge sees only their own."""
    await _existing(request, competition_id)
    user = current_user(request)
    assert user is not None
    rows = await repo.assignments(competition_id)
    if user.role == "juri":
        rows = [r for r in rows if r["judge.id"] == user.id]
    return {
        "assignments": [
            {"id": r["id"], "stage": r["stage.code"], "judge": {"id": r["judge.id"], "username": r["judge.username"],
                                                                  "name": r["judge.full_name"]},
             "entrant": {"id": r["entrant.id"], "code": r["entrant.region.code"], "name": r["entrant.region.name"]},
             "indicator_groups": list(r["indicator_groups"] or [])}
            for r in rows
        ]
    }


router = Router(
    path="/api/v1",
    route_handlers=[list_competitions, get_competition, get_entrants, get_stages, get_criteria, get_panel,
                    get_assignments],
    guards=[user_guard],
    tags=["api"],
)
