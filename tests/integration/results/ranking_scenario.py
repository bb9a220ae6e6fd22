"""The demo with every ADM and KLAR sheet of the five judges submitted, with values that vary by village,
judge and indicator (deterministic): villages 0 and 1 get identical sheets (the strongest), so they tie
through the whole tie-break chain on Juara I; juri5 is harsher than the rest; juri1 gives village 2 a 0
on its first ADM indicator where the others give 3-4 (a divergent indicator)."""

from __future__ import annotations

from typing import Any

from app.results.repo import ruleset
from scoring import Ruleset
from tests.factories import submit_sheet

JUDGES = ("juri1", "juri2", "juri3", "juri4", "juri5")
STAGES = ("ADM", "KLAR")


def value(place: int, judge: int, k: int, top: int) -> int:
    if place < 2:  # the twins: the same sheet from the same judge, whatever the village
        raw = 4 - ((judge + k) % 5 == 0)
    else:  # each village a little weaker than the one before; juri5 one point below the others
        quality = 3 if place < 6 else 2
        raw = quality + (judge + k + place) % 2 - (judge == 4) - (k < place - 1)
    return max(0, min(top, raw))


def sheet(rules: Ruleset, stage: str, place: int, judge: int) -> dict[str, str]:
    values = {}
    indicators = [i for i in rules.indicators if i.stage == stage and i.kind == "judge"]
    for k, ind in enumerate(indicators):
        values[ind.code] = str(value(place, judge, k, int(ind.max)))
    if place == 2 and stage == "ADM" and judge == 0:
        values[indicators[0].code] = "0"
    return values


async def submit_all(demo: dict[str, Any], *, skip: frozenset[tuple[int, str, str]] = frozenset()) -> None:
    """All 5 judges × 10 villages × ADM/KLAR sheets, except (place, stage, judge) in ``skip``."""
    rules = await ruleset(demo["competition_id"])
    for place, entrant_id in enumerate(demo["entrant_ids"]):
        for stage in STAGES:
            for j, judge in enumerate(JUDGES):
                if (place, stage, judge) not in skip:
                    await submit_sheet(entrant_id, stage, judge, sheet(rules, stage, place, j))
