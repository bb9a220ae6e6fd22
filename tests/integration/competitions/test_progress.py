"""The committee's progress board: sheet states per stage and per judge, and what is missing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from app.clock import now
from app.competitions import repo
from app.competitions.tables import Assignment, Stage
from app.judging.tables import SheetDraft, Submission
from tests.integration.competitions.steps import Committee, judge_id, ready_round, submit_sheet

pytestmark = pytest.mark.usefixtures("demo")


async def test_board_counts_drafts_pending_and_locked_sheets(client: Any) -> None:
    c = await Committee.login(client)
    await ready_round(c)
    await c.post(c.url("/status"), {"status": "penilaian"})
    juri2 = await judge_id("juri2")
    adm = await Stage.select(Stage.id).where((Stage.competition == c.comp_id) & (Stage.code == "ADM")).first()
    entrants = [a["entrant"] for a in await Assignment.select(Assignment.entrant).where(
        (Assignment.stage == adm["id"]) & (Assignment.judge == juri2)).order_by(Assignment.entrant)]
    await submit_sheet(c.comp_id, "ADM", "juri2", {"PEM.1.1": 4})  # locked: the first village
    await SheetDraft.insert(SheetDraft(entrant=entrants[1], stage=adm["id"], judge=juri2, client_uuid=uuid.uuid4(),
                                       values={"PEM.1.1": 2}, updated_at=now()))
    await Submission.insert(Submission(
        entrant=entrants[2], stage=adm["id"], judge=juri2, version=1, client_uuid=uuid.uuid4(), content_hash="1" * 64,
        values={"PEM.1.1": 1}, submitted_by=await judge_id("panitia"), submitted_at=now(), source="paper",
        status="pending"))
    board = {s["code"]: s for s in await repo.progress_board(c.comp_id)}
    assert board["ADM"]["totals"] == {"belum_diisi": 21, "draf": 1, "terkirim": 1, "terkunci": 1}
    assert board["KLAR"]["totals"]["belum_diisi"] == 24
    judge = next(j for j in board["ADM"]["judges"] if j["name"].startswith("Baiq"))
    assert len(judge["missing"]) == 7
    page = await client.get(c.url("/progress"))
    assert "Terkunci: <strong>1 / 24</strong>" in page.text
