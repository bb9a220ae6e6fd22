"""``GET /api/v1/competitions/{id}/ranking``: the engine's JSON plus final/provisional flags and names;
who may read it (committee always, judges only after the scores are released)."""

from __future__ import annotations

from typing import Any

import httpx

from app.auth.services import create_token, create_user
from app.competitions.tables import Competition
from app.results.services import ranking
from tests.conftest import login
from tests.integration.results.ranking_scenario import submit_all


async def test_committee_reads_the_ranking_with_a_bearer_token(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    token = await create_token("panitia", "rekap")
    response = await client.get(f"/api/v1/competitions/{cid}/ranking", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.json()
    current = await ranking(cid, detail=False)
    assert body["competition_id"] == cid
    assert body["final"] is False
    assert body["verification_code"] is None
    assert body["provisional"] is True  # the three villages that reach PAP have no PAP score yet
    assert body["needs_pleno"] is True
    assert body["stages"] == ["ADM", "KLAR", "PAP"]
    assert [e["entrant"] for e in body["entrants"]] == [e.entrant for e in current.result.entrants]
    assert [e["total"] for e in body["entrants"]] == [f"{e.total:.2f}" for e in current.result.entrants]
    by_code = {e.code: e for e in current.inputs.entrants}
    for e in body["entrants"]:
        info = by_code[e["entrant"]]
        assert (e["id"], e["name"], e["kecamatan"]) == (info.id, info.name, info.kecamatan)
        assert e["lms_provisional"] is True  # no certificate checked in the demo
    incomplete = [e for e in body["entrants"] if not e["complete"]]
    assert incomplete == body["entrants"][:3]
    assert {tuple(e["missing"]) for e in incomplete} == {("PAP.1", "PAP.2", "PAP.3", "PAP.4")}
    assert all("PAP" in e["stages"] for e in incomplete)


async def test_judges_wait_for_the_release(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    await login(client, "juri1")
    refused = await client.get(f"/api/v1/competitions/{cid}/ranking")
    assert refused.status_code == 403
    assert refused.json()["status_code"] == 403
    await Competition.update({Competition.scores_released: True}).where(Competition.id == cid)
    allowed = await client.get(f"/api/v1/competitions/{cid}/ranking")
    assert allowed.status_code == 200
    assert len(allowed.json()["entrants"]) == 10


async def test_judge_off_the_panel_and_unknown_competition(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await Competition.update({Competition.scores_released: True}).where(Competition.id == cid)
    await create_user("juri9", "demo-lombadesa", "juri", "Juri Lain")
    await login(client, "juri9")
    assert (await client.get(f"/api/v1/competitions/{cid}/ranking")).status_code == 404
    anonymous = httpx.AsyncClient(transport=client._transport, base_url=str(client.base_url))
    async with anonymous:
        assert (await anonymous.get(f"/api/v1/competitions/{cid}/ranking")).status_code == 401
    admin = await create_token("admin")
    missing = await client.get(f"/api/v1/competitions/{cid + 99}/ranking", headers={"Authorization": f"Bearer {admin}"})
    assert missing.status_code == 404
