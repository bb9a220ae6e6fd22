"""Rankings of a competition, always computed by the scoring engine from the stored inputs."""

from __future__ import annotations

from dataclasses import dataclass

import scoring
from app.results.repo import Inputs, load_inputs
from scoring import Result


@dataclass(frozen=True)
class Ranking:
    inputs: Inputs
    result: Result


async def ranking(competition_id: int, *, detail: bool = True) -> Ranking:
    inputs = await load_inputs(competition_id)
    result = scoring.compute(
        inputs.ruleset,
        [e.code for e in inputs.entrants],
        inputs.scores,
        pleno=inputs.pleno,
        abstentions=inputs.abstentions,
        detail=detail,
    )
    return Ranking(inputs=inputs, result=result)
