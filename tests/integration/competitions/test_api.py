"""The read-only API grows to stages, criteria, panel and assignments."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import login
from tests.integration.competitions.steps import Committee, ready_round

pytestmark = pytest.mark.usefixtures("demo")


async def test_stages_criteria_panel_and_assignments(client: Any) -> None:
    c = await Committee.login(client)
    await ready_round(c)
    stages = (await client.get(f"/api/v1/competitions/{c.comp_id}/stages")).json()["stages"]
    assert [(s["code"], s["weight"], s["top_n"]) for s in stages] == [("ADM", "40", None), ("KLAR", "45", None),
                                                                       ("PAP", "15", 3)]
    criteria = (await client.get(f"/api/v1/competitions/{c.comp_id}/criteria")).json()
    assert criteria["version"] == 1
    assert criteria["frozen"] is False
    assert [d["code"] for d in criteria["domains"]] == ["PEM", "WIL", "MAS"]
    first = criteria["domains"][0]["aspects"][0]["indicators"][0]
    assert first == {"code": "PEM.1.1", "name": first["name"], "max": "4", "step": "1", "weight": "3",
                     "stage": "ADM", "kind": "judge", "evidence": "document", "rubric": first["rubric"]}
    assert first["rubric"]["0"] == "Tidak ada"
    assert sum(len(a["indicators"]) for d in criteria["domains"] for a in d["aspects"]) == 28
    assert len(criteria["presentation"]) == 4
    panel = (await client.get(f"/api/v1/competitions/{c.comp_id}/panel")).json()["panel"]
    assert len(panel) == 6
    assert {(p["stage"], p["judge"]["username"], p["role"]) for p in panel if p["role"] == "ketua"} == {
        ("ADM", "juri1", "ketua"), ("KLAR", "juri1", "ketua")}
    assignments = (await client.get(f"/api/v1/competitions/{c.comp_id}/assignments")).json()["assignments"]
    assert len(assignments) == 2 * 3 * 8
    # The existing endpoint keeps its fields.
    comp = (await client.get(f"/api/v1/competitions/{c.comp_id}")).json()
    assert comp["organiser_region"] == {"code": "52.05", "name": "Kabupaten Dompu"}
    assert comp["entrant_count"] == 8


async def test_a_judge_sees_only_their_own_assignments_and_not_other_rounds(client: Any, demo: Any) -> None:
    await login(client, "juri2")
    comp_id = demo["competition_id"]
    rows = (await client.get(f"/api/v1/competitions/{comp_id}/assignments")).json()["assignments"]
    assert rows
    assert {r["judge"]["username"] for r in rows} == {"juri2"}
    assert (await client.get(f"/api/v1/competitions/{comp_id + 999}/criteria")).status_code == 404
