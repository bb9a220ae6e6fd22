"""The committee's pages reuse a computed ranking only while every input is unchanged: each kind of
change to the inputs makes the next read compute again."""

from __future__ import annotations

from typing import Any

from app.clock import now
from app.competitions.tables import Assignment, Competition, Conflict, Stage
from app.judging.tables import Submission
from app.officials.tables import CertificateCheck, Official
from app.results.services import cached_ranking, ranking
from app.results.tables import PlenoDecision
from tests.factories import submit_sheet
from tests.integration.results.ranking_scenario import submit_all


async def _fresh(cid: int, before: Any) -> Any:
    after = await cached_ranking(cid, detail=False)
    assert after is not before, "the cached ranking was reused after a change"
    assert after.result == (await ranking(cid, detail=False)).result
    return after


async def test_every_input_change_recomputes(demo: dict[str, Any]) -> None:
    cid = demo["competition_id"]
    await submit_all(demo)
    first = await cached_ranking(cid, detail=False)
    assert await cached_ranking(cid, detail=False) is first
    detailed = await cached_ranking(cid, detail=True)
    assert detailed is not first
    assert await cached_ranking(cid, detail=False) is detailed  # the drill-down also serves the overview

    entrant = demo["entrant_ids"][4]
    await submit_sheet(entrant, "ADM", "juri2", {"PEM.1.1": "0"})  # a new version of a sheet
    current = await _fresh(cid, detailed)

    sub = await Submission.select(Submission.id).where(Submission.entrant == entrant).order_by(
        Submission.id, ascending=False).first()
    await Submission.update({Submission.status: "replaced"}).where(Submission.id == sub["id"])
    current = await _fresh(cid, current)

    await Conflict.insert(Conflict(entrant=entrant, judge=demo["judge_ids"]["juri3"], reason="x", declared_at=now()))
    current = await _fresh(cid, current)

    codes = [e.entrant for e in current.result.entrants[:2]]
    rows = await PlenoDecision.insert(PlenoDecision(
        competition=cid, entrant_order=codes[::-1], reason="r", decided_by=demo["panitia_id"], decided_at=now()
    )).returning(PlenoDecision.id)
    current = await _fresh(cid, current)
    await PlenoDecision.update({PlenoDecision.withdrawn: True}).where(PlenoDecision.id == rows[0]["id"])
    current = await _fresh(cid, current)

    official = await Official.select(Official.id).where(Official.entrant == entrant).first()
    await Official.update({Official.active: False}).where(Official.id == official["id"])
    current = await _fresh(cid, current)
    await CertificateCheck.insert(CertificateCheck(
        official=official["id"], result="terverifikasi", source="manual", checked_at=now()))
    current = await _fresh(cid, current)

    await Assignment.delete().where(Assignment.entrant == entrant)
    current = await _fresh(cid, current)

    await Stage.update({Stage.weight: 50}).where((Stage.competition == cid) & (Stage.code == "ADM"))
    current = await _fresh(cid, current)
    await Competition.update({Competition.rules: {"aggregation": "median"}}).where(Competition.id == cid)
    current = await _fresh(cid, current)
    assert await cached_ranking(cid, detail=False) is current
