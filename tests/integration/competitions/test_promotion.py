"""Tiered rounds: the best villages of a final kabupaten round go on to the province round."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from app.clock import now
from app.competitions.tables import Competition, Entrant
from app.results.tables import Snapshot
from tests.conftest import login

FORM = {"Content-Type": "application/x-www-form-urlencoded"}  # repeated keys: "entrant" once per village


async def _finalise(demo: dict[str, Any]) -> list[str]:
    """Make the demo final with a snapshot whose result ranks the villages by code, last first."""
    comp_id = demo["competition_id"]
    codes = sorted(
        [e["region.code"] for e in await Entrant.select(Entrant.region.code).where(Entrant.competition == comp_id)],
        reverse=True,
    )
    payload = {"result": {"entrants": [{"entrant": c, "rank": i + 1} for i, c in enumerate(codes)]}}
    await Snapshot.insert(Snapshot(competition=comp_id, code="LD-TEST-0001", sha256="0" * 64,
                                   payload=json.dumps(payload), created_by=demo["panitia_id"], created_at=now()))
    await Competition.update({Competition.status: "final"}).where(Competition.id == comp_id)
    return codes


async def test_a_final_round_promotes_its_best_villages(client: Any, demo: dict[str, Any]) -> None:
    codes = await _finalise(demo)
    token = await login(client, "panitia")
    comp_id = demo["competition_id"]
    page = await client.get(f"/competitions/{comp_id}/promote")
    assert page.status_code == 200
    # The form lists the villages in the snapshot's order and proposes the province round's name.
    first, second = page.text.find(codes[0]), page.text.find(codes[1])
    assert 0 < first < second
    assert "Nusa Tenggara Barat" in page.text
    chosen = await Entrant.select(Entrant.id, Entrant.region.code).where(
        (Entrant.competition == comp_id) & Entrant.region.code.is_in(codes[:3])
    )
    data = [("_csrf", token), ("name", "Lomba Desa Tingkat Provinsi NTB Tahun 2026")]
    data += [("entrant", str(e["id"])) for e in chosen]
    response = await client.post(f"/competitions/{comp_id}/promote", content=urlencode(data), headers=FORM,
                                 follow_redirects=False)
    assert response.status_code == 303, response.text
    new = await Competition.select().where(Competition.parent == comp_id).first()
    assert new is not None
    assert (new["level"], new["organiser_region"], new["status"]) == ("provinsi", "52", "draft")
    promoted = await Entrant.select(Entrant.region.code, Entrant.promoted_from).where(Entrant.competition == new["id"])
    assert sorted(p["region.code"] for p in promoted) == sorted(codes[:3])
    assert {p["promoted_from"] for p in promoted} == {e["id"] for e in chosen}


async def test_a_round_still_scoring_cannot_promote(client: Any, demo: dict[str, Any]) -> None:
    token = await login(client, "panitia")
    comp_id = demo["competition_id"]
    data = [("_csrf", token), ("name", "X"), ("entrant", str(demo["entrant_ids"][0]))]
    response = await client.post(f"/competitions/{comp_id}/promote", content=urlencode(data), headers=FORM)
    assert response.status_code == 409
    assert await Competition.count() == 1
