"""The pleno page lists the engine's ties; a decision with its reason goes into the ranking; advancing
creates the PAP assignments for the villages that reach it."""

from __future__ import annotations

from typing import Any

import httpx

from app.audit.tables import AuditLog
from app.competitions.tables import Assignment
from app.results.services import ranking
from tests.conftest import login
from tests.factories import submit_sheet
from tests.integration.results.decisions_scenario import submit_all


async def _codes(demo: dict[str, Any]) -> list[str]:
    current = await ranking(demo["competition_id"], detail=False)
    return [e.code for e in current.inputs.entrants]


async def test_tie_listed_then_decided_with_reason(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    first, second = (await _codes(demo))[:2]
    before = await ranking(cid, detail=False)
    assert [(e.entrant, e.rank, e.needs_pleno) for e in before.result.entrants[:2]] == [
        (first, 1, True), (second, 1, True)]

    token = await login(client, "panitia")
    page = await client.get(f"/competitions/{cid}/pleno")
    assert page.status_code == 200
    assert "Nilai sama yang menunggu pleno" in page.text
    assert "posisi juara" in page.text
    group = f"{first},{second}"
    assert f'value="{group}"' in page.text

    missing_reason = await client.post(f"/competitions/{cid}/pleno", data={
        "_csrf": token, "group": group, "position-1": second, "position-2": first, "reason": " "})
    assert missing_reason.status_code == 422
    assert "Tuliskan pertimbangan pleno." in missing_reason.text
    twice = await client.post(f"/competitions/{cid}/pleno", data={
        "_csrf": token, "group": group, "position-1": second, "position-2": second, "reason": "x"})
    assert twice.status_code == 422
    assert "Pilih setiap desa tepat satu kali." in twice.text

    reason = "Inovasi pelayanan desa lebih menonjol"
    done = await client.post(f"/competitions/{cid}/pleno", data={
        "_csrf": token, "group": group, "position-1": second, "position-2": first, "reason": reason},
        follow_redirects=False)
    assert done.status_code == 303
    after = await ranking(cid, detail=False)
    top = after.result.entrants[:2]
    assert [(e.entrant, e.rank, e.decided_by_pleno, e.pleno_reason) for e in top] == [
        (second, 1, True, reason), (first, 2, True, reason)]
    assert (top[0].award, top[1].award) == ("Juara I", "Juara II")
    page = await client.get(f"/competitions/{cid}/pleno")
    assert "Tidak ada nilai sama yang menunggu" in page.text
    assert "diterapkan" in page.text
    assert await AuditLog.exists().where(AuditLog.action == "pleno_decide")

    decision_id = int(page.text.split("/pleno/")[1].split("/withdraw")[0])
    withdrawn = await client.post(f"/competitions/{cid}/pleno/{decision_id}/withdraw", data={"_csrf": token},
                                  follow_redirects=False)
    assert withdrawn.status_code == 303
    again = await ranking(cid, detail=False)
    assert again.result.entrants[0].needs_pleno
    assert again.result.entrants[1].needs_pleno
    assert await AuditLog.exists().where(AuditLog.action == "pleno_withdraw")


async def test_a_decision_for_a_group_that_no_longer_ties_is_shown_stale(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    first, second = (await _codes(demo))[:2]
    token = await login(client, "panitia")
    await client.post(f"/competitions/{cid}/pleno", data={
        "_csrf": token, "group": f"{first},{second}", "position-1": first, "position-2": second,
        "reason": "Keputusan pleno pertama"})
    # A judge's new version lowers one score of the first village: the tie is gone.
    current = await ranking(cid, detail=False)
    klar = {i.code: "4" for i in current.inputs.ruleset.indicators if i.stage == "KLAR" and i.kind == "judge"}
    await submit_sheet(demo["entrant_ids"][0], "KLAR", "juri1", {**klar, "PEM.1.2": "3"})
    after = await ranking(cid, detail=False)
    assert not after.result.needs_pleno
    assert len(after.result.unused_pleno) == 1
    page = await client.get(f"/competitions/{cid}/pleno")
    assert "tidak berlaku lagi" in page.text


async def test_a_group_that_is_not_tied_is_refused(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    codes = await _codes(demo)
    token = await login(client, "panitia")
    response = await client.post(f"/competitions/{cid}/pleno", data={
        "_csrf": token, "group": f"{codes[2]},{codes[3]}", "position-1": codes[3], "position-2": codes[2],
        "reason": "tidak seri"})
    assert response.status_code == 422
    assert "bukan kelompok nilai sama" in response.text


async def test_advance_creates_pap_assignments_once(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    token = await login(client, "panitia")
    page = await client.get(f"/competitions/{cid}/pleno")
    assert "Loloskan ke PAP" in page.text
    response = await client.post(f"/competitions/{cid}/advance", data={"_csrf": token}, follow_redirects=False)
    assert response.status_code == 303
    assert "advanced=15" in response.headers["location"]
    rows = await Assignment.select(Assignment.entrant, Assignment.judge.username).where(
        Assignment.stage.code == "PAP")
    assert {r["entrant"] for r in rows} == set(demo["entrant_ids"][:3])
    assert len(rows) == 15
    assert {r["judge.username"] for r in rows} == {f"juri{i}" for i in range(1, 6)}
    again = await client.post(f"/competitions/{cid}/advance", data={"_csrf": token}, follow_redirects=False)
    assert "advanced=0" in again.headers["location"]
    assert await Assignment.count().where(Assignment.stage.code == "PAP") == 15
    page = await client.get(again.headers["location"])
    assert "Diloloskan: 0 penugasan baru dibuat." in page.text
    assert page.text.count("sudah ditugaskan") == 3
    assert await AuditLog.count().where(AuditLog.action == "advance") == 2


async def test_advance_is_refused_while_earlier_stages_are_incomplete(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    cid = demo["competition_id"]
    await submit_all(demo, skip={(4, "KLAR", j) for j in ("juri1", "juri2", "juri3", "juri4", "juri5")})
    token = await login(client, "panitia")
    response = await client.post(f"/competitions/{cid}/advance", data={"_csrf": token})
    assert response.status_code == 422
    assert "Tahap sebelumnya belum lengkap" in response.text
    assert await Assignment.count().where(Assignment.stage.code == "PAP") == 0


async def test_decision_pages_are_for_the_committee_only(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    anonymous = await client.get(f"/competitions/{cid}/pleno", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login")
    await login(client, "juri1")
    for path in ("pleno", "finalise"):
        assert (await client.get(f"/competitions/{cid}/{path}")).status_code == 403
    assert (await client.get("/competitions/999/pleno")).status_code == 403
