"""The demo round with judges' sheets, for the documents tests: every ADM and KLAR sheet submitted; the
first two villages score 4 everywhere (a tie through the whole tie-break chain, on Juara I), the others
less, one by one; judges differ a little on the lower villages, so per-judge columns differ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.auth.services import CurrentUser
from app.auth.tables import User
from app.clock import now
from app.competitions.tables import Stage
from app.judging.tables import Submission
from app.results import finality
from app.results.services import ranking
from app.results.tables import PlenoDecision
from scoring import Ruleset
from tests.factories import submit_sheet

JUDGES = ("juri1", "juri2", "juri3", "juri4", "juri5")
PLENO_REASON = "Desa yang kedua unggul dalam inovasi pelayanan publik digital menurut kesepakatan rapat pleno."
NOTE = "SK Kades tentang APBDes lengkap, bukti foto terlampir"


@dataclass
class Scenario:
    competition_id: int
    entrant_ids: list[int]
    judge_ids: dict[str, int]
    codes: list[str]  # village region codes in demo order


def sheet_values(ruleset: Ruleset, stage: str, place: int, judge_no: int) -> dict[str, str]:
    codes = [i.code for i in ruleset.indicators if i.kind == "judge" and i.stage == stage]
    values = {}
    for n, code in enumerate(codes):
        if place < 2:
            values[code] = "4"
        else:
            values[code] = "2" if n < place - 1 else ("3" if (n + judge_no) % 4 else "4")
    return values


async def submitted(demo: dict[str, Any], *, stages: tuple[str, ...] = ("ADM", "KLAR")) -> Scenario:
    current = await ranking(demo["competition_id"], detail=False)
    codes = {e.id: e.code for e in current.inputs.entrants}
    for place, entrant_id in enumerate(demo["entrant_ids"]):
        for stage in stages:
            for judge_no, judge in enumerate(JUDGES):
                values = sheet_values(current.inputs.ruleset, stage, place, judge_no)
                await submit_sheet(entrant_id, stage, judge, values)
    # A note on one sheet, as a judge writes it on the tablet.
    stage = await Stage.select(Stage.id).where(
        (Stage.competition == demo["competition_id"]) & (Stage.code == "ADM")).first()
    assert stage is not None
    await Submission.update({Submission.notes: {"PEM.1.1": NOTE}}).where(
        (Submission.entrant == demo["entrant_ids"][2]) & (Submission.stage == stage["id"])
        & (Submission.judge == demo["judge_ids"]["juri2"])
    )
    return Scenario(demo["competition_id"], demo["entrant_ids"], demo["judge_ids"],
                    [codes[e] for e in demo["entrant_ids"]])


async def settle_tie(s: Scenario) -> None:
    """The pleno puts the second village above the first, with a reason."""
    await PlenoDecision.insert(PlenoDecision(
        competition=s.competition_id, entrant_order=[s.codes[1], s.codes[0]], reason=PLENO_REASON,
        decided_by=s.judge_ids["juri1"], decided_at=now(),
    ))


async def finalise(s: Scenario) -> str:
    """Finalise through the results service (override: PAP is not scored); returns the verification code."""
    panitia = await User.select(User.id, User.full_name).where(User.username == "panitia").first()
    assert panitia is not None
    actor = CurrentUser(panitia["id"], "panitia", panitia["full_name"], "panitia", "id")
    code, problems = await finality.finalise(s.competition_id, actor, override=True, reason="PAP dinilai terpisah")
    assert code is not None, problems
    return code
