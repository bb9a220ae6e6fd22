"""Public pages, no login: finalised results (``/hasil``), verification of a printed result
(``/verifikasi/{code}``) and the snapshot download (``GET /api/v1/snapshots/{code}``).

Everything shown comes from the stored snapshot, never from the live tables: a published result is
what was frozen. Snapshots hold no NIK and no personal data of village officials.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app.results import finality
from app.web import render

AnyRequest = Request[Any, Any, Any]


def ranking_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The snapshot's ranking joined with the village names (lookups only, no arithmetic)."""
    villages = {e["code"]: e for e in data["inputs"]["entrants"]}
    return [
        {**e, "name": villages.get(e["entrant"], {}).get("name", e["entrant"]),
         "kecamatan": villages.get(e["entrant"], {}).get("kecamatan", "")}
        for e in data["result"]["entrants"]
    ]


def stage_codes(data: dict[str, Any]) -> list[str]:
    return [s["code"] for s in data["inputs"]["ruleset"]["catalogue"]["stages"]]


async def _snapshot(code: str) -> dict[str, Any]:
    found = await finality.by_code(code)
    if found is None:
        raise NotFoundException()
    return found


@get("/hasil", name="public_results")
async def results_list(request: AnyRequest) -> Template:
    return render(request, "public/results.html", rows=await finality.finalised())


@get("/hasil/{competition_id:int}", name="public_result")
async def result_page(request: AnyRequest, competition_id: FromPath[int]) -> Template:
    current = await finality.current_snapshot(competition_id)
    if current is None:
        raise NotFoundException()
    found = await _snapshot(current["code"])
    data = found["data"]
    return render(request, "public/result.html", snap=found, data=data, rows=ranking_rows(data),
                  stages=stage_codes(data))


@get("/verifikasi/{code:str}", name="public_verify")
async def verify_page(request: AnyRequest, code: FromPath[str]) -> Template:
    found = await _snapshot(code)
    data = found["data"]
    newer = None
    if found["superseded_at"] is not None:
        newer = await finality.current_snapshot(found["competition"])
    return render(request, "public/verify.html", snap=found, data=data, rows=ranking_rows(data),
                  stages=stage_codes(data), newer=newer)


@get("/api/v1/snapshots/{code:str}", name="api_snapshot")
async def snapshot_file(code: FromPath[str]) -> Response[bytes]:
    found = await _snapshot(code)
    return Response(
        found["payload"].encode("utf-8"), media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="snapshot-{found["code"]}.json"'},
    )


router = Router(path="/", route_handlers=[results_list, result_page, verify_page, snapshot_file])
