"""From combined indicator values to stage values and totals, exactly.

Words:
- *v*: an indicator's value as a share of its maximum, ``combined / max`` (0..1); a missing
  indicator counts as 0 meanwhile.
- *DV* (domain value in a stage): ``sum(w_i * v_i) / sum(w_i)`` over the domain's indicators in the stage.
- *stage value* (0..100): ``100 * sum(W_d * DV_d) / sum(W_d)`` over the domains with indicators in the
  stage; for a stage without domains (PAP) ``100 * sum(w_i * v_i) / sum(w_i)``.
- *total*: ``sum(V_s * SV_s) / sum(V_s)`` over the stages that apply to the entrant.

All values here are exact ``Fraction``s; rounding belongs to ``rounding`` and the caller.
This module does not rank and does not decide which stages apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring import rounding
from scoring.model import Ruleset, Score

HUNDRED = Fraction(100)


@dataclass(frozen=True)
class IndicatorPlan:
    code: str
    weight: Fraction
    max: Fraction


@dataclass(frozen=True)
class PartPlan:
    """The indicators of one domain in one stage (``domain=None`` for a stage without domains)."""

    domain: str | None
    weight: Fraction
    indicators: tuple[IndicatorPlan, ...]
    weight_sum: Fraction


@dataclass(frozen=True)
class StagePlan:
    code: str
    weight: Fraction
    only_top_n: int | None
    parts: tuple[PartPlan, ...]
    weight_sum: Fraction


def plan_stages(ruleset: Ruleset) -> tuple[StagePlan, ...]:
    """Precompute, per stage, its domains and indicators with exact weights (in ruleset order)."""
    domain_weight = {d.code: Fraction(d.weight) for d in ruleset.domains}
    plans = []
    for stage in ruleset.stages:
        by_part: dict[str | None, list[IndicatorPlan]] = {}
        for ind in ruleset.indicators:
            if ind.stage == stage.code:
                by_part.setdefault(ind.domain, []).append(
                    IndicatorPlan(ind.code, Fraction(ind.weight), Fraction(ind.max))
                )
        parts = tuple(
            PartPlan(
                domain=domain,
                weight=Fraction(1) if domain is None else domain_weight[domain],
                indicators=tuple(items),
                weight_sum=sum((i.weight for i in items), Fraction(0)),
            )
            for domain, items in by_part.items()
        )
        plans.append(
            StagePlan(
                code=stage.code,
                weight=Fraction(stage.weight),
                only_top_n=stage.only_top_n,
                parts=parts,
                weight_sum=sum((p.weight for p in parts), Fraction(0)),
            )
        )
    return tuple(plans)


@dataclass(frozen=True)
class Combination:
    """What a list of judges' values comes to: the exact combined value and v, their display
    forms (4 decimals) and whether the values diverge."""

    combined: Fraction | None
    value: Fraction
    combined_shown: Decimal | None
    value_shown: Decimal
    divergent: bool


MISSING = Combination(None, Fraction(0), None, rounding.detail(0), False)


@dataclass(frozen=True)
class IndicatorOutcome:
    """One indicator for one entrant: the scores that count and what they come to."""

    scores: Sequence[Score]
    combination: Combination


class Combiner:
    """Combines judges' values for indicators; the same values and maximum always give the same
    combination, so it is kept (few distinct combinations exist on a 0..4 rubric)."""

    def __init__(self, aggregate: Callable[[Sequence[Decimal]], Fraction], tolerance: Decimal) -> None:
        self.aggregate = aggregate
        self.tolerance = tolerance
        self.known: dict[tuple[tuple[Decimal, ...], Fraction], Combination] = {}

    def __call__(self, scores: Sequence[Score], maximum: Fraction) -> IndicatorOutcome:
        """Combine the counting scores of one indicator; no scores means missing (v = 0)."""
        if not scores:
            return IndicatorOutcome((), MISSING)
        values = tuple(s.value for s in scores)
        key = (values, maximum)
        combination = self.known.get(key)
        if combination is None:
            combined = self.aggregate(values)
            value = combined / maximum
            divergent = len(values) > 1 and max(values) - min(values) > self.tolerance
            combination = Combination(
                combined, value, rounding.detail(combined), rounding.detail(value), divergent
            )
            self.known[key] = combination
        return IndicatorOutcome(scores, combination)


def part_value(part: PartPlan, values: Mapping[str, Fraction]) -> Fraction:
    """DV: the weighted mean of v over the part's indicators."""
    weighted = sum((i.weight * values[i.code] for i in part.indicators), Fraction(0))
    return weighted / part.weight_sum


def stage_value(stage: StagePlan, values: Mapping[str, Fraction]) -> tuple[Fraction, list[Fraction]]:
    """The exact stage value (0..100) and the DV of each of its parts."""
    part_values = [part_value(p, values) for p in stage.parts]
    weighted = sum((p.weight * dv for p, dv in zip(stage.parts, part_values, strict=True)), Fraction(0))
    return HUNDRED * weighted / stage.weight_sum, part_values


def weighted_total(stage_values: Iterable[tuple[Fraction, Fraction]]) -> Fraction:
    """``sum(V_s * SV_s) / sum(V_s)`` from (weight, value) pairs; 0 when no stage applies."""
    numerator = Fraction(0)
    denominator = Fraction(0)
    for weight, value in stage_values:
        numerator += weight * value
        denominator += weight
    return numerator / denominator if denominator else Fraction(0)
