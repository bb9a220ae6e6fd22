"""Acceptance: the ranking in the API equals ``lomba-desa score`` run on the same inputs exported as files
(before and after the pleno settles the tie, with a judge's declared conflict in the inputs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from app.clock import now
from app.competitions.tables import Conflict
from app.results import export
from app.results.repo import load_inputs
from tests.conftest import login, run_cli
from tests.integration.results.ranking_scenario import submit_all

COMPARED = ("entrant", "rank", "tied", "needs_pleno", "decided_by_pleno", "pleno_reason", "award", "total",
            "stages", "complete", "missing", "divergent")


async def _cli_ranking(cid: int, tmp: Path) -> dict[str, Any]:
    files = export.inputs_as_files(await load_inputs(cid))
    for name, content in files.items():
        (tmp / name).write_bytes(content)
    out = run_cli("score", str(tmp / "ruleset.yaml"), str(tmp / "scores.csv"), "--pleno", str(tmp / "pleno.yaml"),
                  "--format", "json")
    return json.loads(out.stdout)


def _same(api: dict[str, Any], cli: dict[str, Any]) -> None:
    assert len(api["entrants"]) == len(cli["entrants"]) == 10
    for a, c in zip(api["entrants"], cli["entrants"], strict=True):
        assert set(c) == set(COMPARED)
        assert {k: a[k] for k in COMPARED} == c


async def test_api_ranking_equals_score_command_on_exported_files(
    client: httpx.AsyncClient, demo: dict[str, Any], tmp_path: Path
) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    juri3 = demo["judge_ids"]["juri3"]
    await Conflict.insert(Conflict(entrant=demo["entrant_ids"][6], judge=juri3, reason="saudara", declared_at=now()))
    token = await login(client, "panitia")

    api = (await client.get(f"/api/v1/competitions/{cid}/ranking")).json()
    cli = await _cli_ranking(cid, tmp_path)
    _same(api, cli)
    first, second = api["entrants"][0], api["entrants"][1]
    assert (first["rank"], second["rank"], first["needs_pleno"], first["tied"]) == (1, 1, True, True)
    assert api["needs_pleno"] is True
    assert any(e["divergent"] for e in api["entrants"])
    assert "-" in (tmp_path / "scores.csv").read_text().splitlines()[-1].split(",")

    # The pleno orders the tie; the exported pleno.yaml carries the decision to the command.
    reason = "Inovasi pelayanan lebih menonjol"
    done = await client.post(f"/competitions/{cid}/pleno", data={
        "_csrf": token, "group": f"{first['entrant']},{second['entrant']}",
        "position-1": second["entrant"], "position-2": first["entrant"], "reason": reason}, follow_redirects=False)
    assert done.status_code == 303
    api = (await client.get(f"/api/v1/competitions/{cid}/ranking")).json()
    cli = await _cli_ranking(cid, tmp_path)
    _same(api, cli)
    assert [(e["entrant"], e["rank"], e["award"], e["pleno_reason"]) for e in api["entrants"][:2]] == [
        (second["entrant"], 1, "Juara I", reason), (first["entrant"], 2, "Juara II", reason)]
