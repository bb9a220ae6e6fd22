"""Made-up submitted sheets for the demo, so the committee's pages have something to rank.

Every demo judge submits an ADM and a KLAR sheet for every village (what a finished field round looks
like). The two villages with the lowest region codes receive exactly the same sheets from every judge,
so they tie through the whole tie-break chain and the pleno has a real tie to settle, as happens in real
rounds. The others get scores from a generator seeded by the village code, so every demo is the same.
Rows are written as the judging module stores them (append-only versions, source ``tablet``).
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from typing import Any

from app.clock import now
from app.competitions.repo import current_version_id, entrants
from app.competitions.tables import Assignment, Competition, Indicator
from app.db import write_tx
from app.judging.tables import Submission

TIED_SHEET_LOW = ("PEM.1.3", "WIL.5.1", "MAS.2.1", "WIL.3.2")  # the tied pair's few 3s; 4 elsewhere


def _values(codes: list[str], village: str, judge: str, place: int) -> dict[str, str]:
    if place < 2:
        return {c: "3" if c in TIED_SHEET_LOW else "4" for c in codes}
    rng = random.Random(f"{village}/{judge}")
    quality = random.Random(village).choice((2, 2, 3, 3, 3))
    return {c: str(max(0, min(4, quality + rng.choice((-1, 0, 0, 0, 1))))) for c in codes}


async def seed_demo_scores(competition_id: int = 1) -> int:
    """Submit every assigned ADM and KLAR sheet that has no submission yet; returns how many."""
    comp = await Competition.select(Competition.status).where(Competition.id == competition_id).first()
    if comp is None or comp["status"] != "penilaian":
        raise RuntimeError("the competition must exist and be open for scoring (penilaian)")
    version = await current_version_id(competition_id)
    indicators = await Indicator.select(Indicator.code, Indicator.stage_code).where(
        (Indicator.version == version) & (Indicator.kind == "judge")).order_by(Indicator.position)
    villages = await entrants(competition_id)
    place = {e["id"]: n for n, e in enumerate(villages)}
    code_of = {e["id"]: e["code"] for e in villages}
    rows = await Assignment.select(
        Assignment.entrant, Assignment.stage, Assignment.stage.code, Assignment.judge, Assignment.judge.username
    ).where(Assignment.stage.competition.id == competition_id)
    done = {(s["entrant"], s["stage"], s["judge"]) for s in await Submission.select(
        Submission.entrant, Submission.stage, Submission.judge
    ).where(Submission.stage.competition.id == competition_id)}
    new: list[Submission] = []
    for a in rows:
        if a["stage.code"] not in ("ADM", "KLAR") or (a["entrant"], a["stage"], a["judge"]) in done:
            continue
        codes = [i["code"] for i in indicators if i["stage_code"] == a["stage.code"]]
        values = _values(codes, code_of[a["entrant"]], a["judge.username"], place[a["entrant"]])
        content: dict[str, Any] = {"values": values, "notes": {}, "remark": ""}
        new.append(Submission(
            entrant=a["entrant"], stage=a["stage"], judge=a["judge"], version=1, client_uuid=uuid.uuid4(),
            content_hash=hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest(),
            values=values, notes={}, remark="", submitted_by=a["judge"], submitted_at=now(),
            source="tablet", status="active",
        ))
    async with write_tx():
        if new:
            await Submission.insert(*new)
    return len(new)
