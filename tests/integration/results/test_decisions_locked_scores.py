"""After finalising, the judging API refuses every change of a score (423) until the result is re-opened
and scoring opens again. Runs once the judging module (``app.judging.api``) is in the tree."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from app.auth.services import create_token
from app.results.services import ranking
from tests.conftest import login
from tests.integration.results.decisions_scenario import submit_all

pytest.importorskip("app.judging.api", reason="the judging module is not merged into this tree yet")


async def test_a_score_cannot_change_after_finalising(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    token = await login(client, "panitia")
    done = await client.post(f"/competitions/{cid}/finalise", data={
        "_csrf": token, "override": "on", "reason": "PAP belum dinilai"}, follow_redirects=False)
    assert done.status_code == 303
    before = await ranking(cid, detail=False)
    bearer = await create_token("juri1")
    klar = {i.code: "1" for i in before.inputs.ruleset.indicators if i.stage == "KLAR" and i.kind == "judge"}
    response = await client.post(
        f"/api/v1/sheets/{demo['entrant_ids'][0]}/KLAR/submissions",
        json={"client_uuid": str(uuid.uuid4()), "base_version": 1, "values": klar, "notes": {}, "remark": ""},
        headers={"Authorization": f"Bearer {bearer}"},
    )
    assert response.status_code == 423
    after = await ranking(cid, detail=False)
    assert [(e.entrant, e.total) for e in after.result.entrants] == [
        (e.entrant, e.total) for e in before.result.entrants]
