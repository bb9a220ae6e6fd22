"""The demo with every ADM and KLAR sheet submitted, made so that the first two villages tie all the way
through the tie-break chain (the same scores from every judge), and the rest follow one by one."""

from __future__ import annotations

from typing import Any

from app.results.services import ranking
from scoring import Ruleset
from tests.factories import submit_sheet

JUDGES = ("juri1", "juri2", "juri3", "juri4", "juri5")


def sheet_values(ruleset: Ruleset, stage: str, place: int) -> dict[str, str]:
    """Village number ``place`` (0-based): 0 and 1 score 4 everywhere; the others score 3, with their
    first ``place - 1`` indicators at 2, so each scores strictly less than the one before."""
    codes = [i.code for i in ruleset.indicators if i.kind == "judge"]
    lowered = set(codes[: max(place - 1, 0)])
    values = {}
    for ind in ruleset.indicators:
        if ind.stage != stage or ind.kind != "judge":
            continue
        values[ind.code] = "4" if place < 2 else ("2" if ind.code in lowered else "3")
    return values


async def submit_all(demo: dict[str, Any], *, skip: set[tuple[int, str, str]] = frozenset()) -> None:
    """Every judge's ADM and KLAR sheet for every village, except the (entrant index, stage, judge) in skip."""
    current = await ranking(demo["competition_id"], detail=False)
    for place, entrant_id in enumerate(demo["entrant_ids"]):
        for stage in ("ADM", "KLAR"):
            values = sheet_values(current.inputs.ruleset, stage, place)
            for judge in JUDGES:
                if (place, stage, judge) not in skip:
                    await submit_sheet(entrant_id, stage, judge, values)


async def submit_pap(demo: dict[str, Any], entrant_ids: list[int]) -> None:
    for n, entrant_id in enumerate(entrant_ids):
        for judge in JUDGES:
            await submit_sheet(entrant_id, "PAP", judge, {f"PAP.{k}": str(4 - n) for k in range(1, 5)})


def codes(current: Any) -> list[str]:
    return [e.entrant for e in current.result.entrants]
